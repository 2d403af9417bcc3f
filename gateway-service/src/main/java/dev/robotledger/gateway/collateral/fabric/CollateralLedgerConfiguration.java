package dev.robotledger.gateway.collateral.fabric;

import dev.robotledger.gateway.collateral.CollateralLedger;
import dev.robotledger.gateway.ledger.fabric.LedgerConnection;
import dev.robotledger.gateway.ledger.fabric.ProvenanceContractClient;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The collateral transactions on the ledger, on when the ledger connection is (a peer endpoint is set). */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(prefix = "gateway.ledger", name = "peer-endpoint")
class CollateralLedgerConfiguration {

    @Bean
    CollateralLedger fabricCollateralLedger(ProvenanceContractClient contract, LedgerConnection ledger) {
        return new FabricCollateralLedger(contract, ledger.mspId());
    }
}
