package dev.robotledger.gateway.provenance;

import dev.robotledger.gateway.readmodel.LedgerState;
import dev.robotledger.gateway.readmodel.ReadModelProperties;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.List;
import javax.sql.DataSource;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.transaction.support.TransactionTemplate;

/** Provenance answers from the read model, with the cache of trees a block has not changed since. */
@Configuration(proxyBeanMethods = false)
class ProvenanceConfiguration {

    @Bean
    ProvenanceTreeCache provenanceTreeCache(ReadModelProperties properties, MeterRegistry meters) {
        ProvenanceTreeCache cache =
                new ProvenanceTreeCache(properties.treeCacheBytes().toBytes());
        for (String statistic : List.of("hits", "misses", "trees", "bytes")) {
            Gauge.builder(
                            "gateway_provenance_tree_cache_" + statistic,
                            cache,
                            c -> c.statistics().get(statistic))
                    .description("Provenance trees answered from the cache: " + statistic)
                    .register(meters);
        }
        return cache;
    }

    @Bean
    ProvenanceReadModel provenanceReadModel(
            LedgerState state, TransactionTemplate transactions, ProvenanceTreeCache trees) {
        return new ProvenanceReadModel(state, transactions, trees);
    }

    @Bean
    GoodsSearch goodsSearch(DataSource dataSource, LedgerState state, TransactionTemplate transactions) {
        return new GoodsSearch(dataSource, state, transactions);
    }
}
