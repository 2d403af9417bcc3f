package dev.robotledger.gateway.readmodel;

import dev.robotledger.gateway.ledger.LedgerProperties;
import javax.sql.DataSource;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The read model's tables live in the journal's database (their schema is applied with the
 * journal's). Queries are always served; without a peer the model simply stays at height 0.
 */
@Configuration(proxyBeanMethods = false)
class ReadModelConfiguration {

    @Bean
    LedgerState ledgerState(DataSource dataSource, LedgerProperties ledger) {
        return new LedgerState(dataSource, ledger.channel(), ledger.chaincode());
    }

    @Bean
    ReadModelStore readModelStore(DataSource dataSource, TransactionTemplate transactions, LedgerProperties ledger) {
        return new ReadModelStore(dataSource, transactions, ledger.channel(), ledger.chaincode());
    }
}
