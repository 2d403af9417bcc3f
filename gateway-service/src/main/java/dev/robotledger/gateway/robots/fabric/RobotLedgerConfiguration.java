package dev.robotledger.gateway.robots.fabric;

import dev.robotledger.gateway.ledger.fabric.LedgerConnection;
import dev.robotledger.gateway.ledger.fabric.ProvenanceContractClient;
import dev.robotledger.gateway.robots.RobotLedger;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The ledger's robot registry, on when the ledger connection is (a peer endpoint is set); it shares that connection. */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(prefix = "gateway.ledger", name = "peer-endpoint")
class RobotLedgerConfiguration {

    @Bean
    RobotLedger ledgerRobotRegistry(ProvenanceContractClient contract, LedgerConnection ledger) {
        return new LedgerRobotRegistry(contract, ledger.mspId());
    }
}
