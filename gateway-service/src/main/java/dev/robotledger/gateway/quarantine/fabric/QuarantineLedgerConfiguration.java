package dev.robotledger.gateway.quarantine.fabric;

import dev.robotledger.gateway.ledger.fabric.ProvenanceContractClient;
import dev.robotledger.gateway.quarantine.QuarantineLedger;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Dispositions on the ledger, on when the ledger connection is (a peer endpoint is set). */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(prefix = "gateway.ledger", name = "peer-endpoint")
class QuarantineLedgerConfiguration {

    @Bean
    QuarantineLedger fabricQuarantineLedger(ProvenanceContractClient contract) {
        return new FabricQuarantineLedger(contract);
    }
}
