package dev.robotledger.gateway.recall.fabric;

import dev.robotledger.gateway.ledger.fabric.ProvenanceContractClient;
import dev.robotledger.gateway.recall.RecallLedger;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Recalls on the ledger, on when the ledger connection is (a peer endpoint is set). */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(prefix = "gateway.ledger", name = "peer-endpoint")
class RecallLedgerConfiguration {

    @Bean
    RecallLedger fabricRecallLedger(ProvenanceContractClient contract) {
        return new FabricRecallLedger(contract);
    }
}
