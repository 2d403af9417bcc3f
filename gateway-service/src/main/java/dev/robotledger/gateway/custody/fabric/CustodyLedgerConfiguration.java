package dev.robotledger.gateway.custody.fabric;

import dev.robotledger.gateway.custody.CustodyLedger;
import dev.robotledger.gateway.ledger.fabric.LedgerConnection;
import dev.robotledger.gateway.ledger.fabric.ProvenanceContractClient;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Custody transfers on the ledger, on when the ledger connection is (a peer endpoint is set). */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(prefix = "gateway.ledger", name = "peer-endpoint")
class CustodyLedgerConfiguration {

    @Bean
    CustodyLedger fabricCustodyLedger(ProvenanceContractClient contract, LedgerConnection ledger) {
        return new FabricCustodyLedger(contract, ledger.mspId());
    }
}
