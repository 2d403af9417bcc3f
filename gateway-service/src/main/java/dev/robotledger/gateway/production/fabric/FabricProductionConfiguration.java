package dev.robotledger.gateway.production.fabric;

import dev.robotledger.gateway.ledger.fabric.ProvenanceContractClient;
import dev.robotledger.gateway.production.ProductionLedger;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The Fabric production-event adapter, on when the ledger connection is (a peer endpoint is set); it shares that connection. */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(prefix = "gateway.ledger", name = "peer-endpoint")
class FabricProductionConfiguration {

    @Bean
    ProductionLedger fabricProductionLedger(ProvenanceContractClient contract) {
        return new FabricProductionLedger(contract);
    }
}
