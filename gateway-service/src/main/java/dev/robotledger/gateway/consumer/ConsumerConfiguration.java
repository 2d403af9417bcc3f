package dev.robotledger.gateway.consumer;

import dev.robotledger.gateway.ledger.LedgerProperties;
import dev.robotledger.gateway.provenance.GoodsSearch;
import dev.robotledger.gateway.provenance.ProvenanceReadModel;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Lazy;

/** Public product pages, for the goods this gateway's organisation made. */
@Configuration(proxyBeanMethods = false)
class ConsumerConfiguration {

    // Lazy: made at the first request, so that at start-up the settings that need no database are
    // checked (and a mistake named) before anything connects to it.
    @Bean
    @Lazy
    PublicProducts publicProducts(
            GoodsSearch search, ProvenanceReadModel readModel, ConsumerProperties properties, LedgerProperties ledger) {
        return new PublicProducts(search, readModel, properties, ledger.mspId());
    }
}
