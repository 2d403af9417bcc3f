package dev.robotledger.gateway.telemetry.fabric;

import dev.robotledger.gateway.ledger.fabric.LedgerConnection;
import dev.robotledger.gateway.ledger.fabric.ProvenanceContractClient;
import dev.robotledger.gateway.telemetry.AnchorSubmitter;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The Fabric anchor adapter, on when the ledger connection is (a peer endpoint is set). */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(prefix = "gateway.ledger", name = "peer-endpoint")
class FabricAnchoringConfiguration {

    @Bean
    AnchorSubmitter fabricAnchorSubmitter(ProvenanceContractClient contract, LedgerConnection ledger) {
        return new FabricAnchorSubmitter(contract, ledger.channel(), ledger.chaincode());
    }
}
