package dev.robotledger.gateway.provenance.fabric;

import dev.robotledger.gateway.ledger.fabric.ProvenanceContractClient;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Ledger-verified queries, on when the ledger connection is (a peer endpoint is set). */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(prefix = "gateway.ledger", name = "peer-endpoint")
class PeerQueriesConfiguration {

    @Bean
    PeerQueries peerQueries(ProvenanceContractClient contract) {
        return new PeerQueries(contract);
    }
}
