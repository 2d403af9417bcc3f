package dev.robotledger.gateway.ledger.fabric;

import dev.robotledger.gateway.ledger.LedgerProperties;
import dev.robotledger.gateway.ledger.SigningIdentity;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Opens the ledger connection and its contract client when a peer is configured; without one the
 * gateway runs without a ledger.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(prefix = "gateway.ledger", name = "peer-endpoint")
class LedgerConfiguration {

    @Bean(destroyMethod = "close")
    LedgerConnection ledgerConnection(LedgerProperties properties) {
        return LedgerConnection.open(properties);
    }

    @Bean
    ProvenanceContractClient provenanceContractClient(LedgerConnection ledger) {
        return ProvenanceContractClient.of(ledger);
    }

    /** The identity the connection signs with, for what else the organisation signs (certificates). */
    @Bean
    SigningIdentity signingIdentity(LedgerConnection ledger) {
        return ledger.signingIdentity();
    }
}
