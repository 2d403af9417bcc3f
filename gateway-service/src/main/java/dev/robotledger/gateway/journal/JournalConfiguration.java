package dev.robotledger.gateway.journal;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The journal's connection pool; the schemas are migrated before anything uses it. */
@Configuration(proxyBeanMethods = false)
class JournalConfiguration {

    /**
     * The schemas in the journal's database, each with its migrations and a history table of its own.
     * A database an older gateway created holds the tables but no history: it is baselined at 0, so
     * that each V1 (idempotent) still runs over it once and brings it to today's layout.
     */
    enum Schema {
        JOURNAL("db/journal", "journal_schema_history"),
        READ_MODEL("db/read-model", "read_model_schema_history");

        final String location;
        final String historyTable;

        Schema(String location, String historyTable) {
            this.location = location;
            this.historyTable = historyTable;
        }
    }

    @Bean(destroyMethod = "close")
    HikariDataSource journalDataSource(JournalProperties properties) {
        HikariConfig config = new HikariConfig();
        config.setPoolName("journal");
        config.setJdbcUrl(properties.jdbcUrl());
        config.setUsername(properties.username());
        config.setPassword(properties.password());
        config.setMaximumPoolSize(properties.poolSize());
        // Group commits send thousands of reading rows: multi-row INSERTs cut the round trips.
        config.addDataSourceProperty("reWriteBatchedInserts", "true");
        HikariDataSource dataSource = new HikariDataSource(config);
        try {
            migrate(dataSource);
        } catch (RuntimeException e) {
            dataSource.close();
            throw e;
        }
        return dataSource;
    }

    /** Flyway locks the database while it migrates, so gateways starting together do not race. */
    static void migrate(DataSource dataSource) {
        for (Schema schema : Schema.values()) {
            Flyway.configure()
                    .dataSource(dataSource)
                    .locations("classpath:" + schema.location)
                    .table(schema.historyTable)
                    .baselineOnMigrate(true)
                    .baselineVersion("0")
                    .load()
                    .migrate();
        }
    }
}
