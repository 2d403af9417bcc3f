package dev.robotledger.gateway.journal;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import javax.sql.DataSource;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.io.ClassPathResource;
import org.springframework.jdbc.datasource.init.ScriptStatementFailedException;
import org.springframework.jdbc.datasource.init.ScriptUtils;

/** The journal's connection pool; the schema is brought up to date before anything uses it. */
@Configuration(proxyBeanMethods = false)
class JournalConfiguration {

    // The read model's tables share the journal's database.
    static final List<String> SCHEMAS = List.of("db/journal-schema.sql", "db/read-model-schema.sql");
    // Two gateway instances starting together must not race on CREATE ... IF NOT EXISTS.
    private static final long SCHEMA_LOCK = 0x726f626f74L;
    private static final String DEADLOCK_DETECTED = "40P01";
    private static final int SCHEMA_ATTEMPTS = 5;

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
            applySchema(dataSource);
        } catch (RuntimeException e) {
            dataSource.close();
            throw e;
        }
        return dataSource;
    }

    static void applySchema(DataSource dataSource) {
        for (int attempt = 1; ; attempt++) {
            try {
                applySchemaOnce(dataSource);
                return;
            } catch (SQLException e) {
                // The script's ALTER TABLEs lock whole tables, also when nothing changes: started
                // beside a gateway that journals into the same database, PostgreSQL may end it as
                // the victim of a deadlock. It ran in one transaction, so it can simply run again.
                if (!DEADLOCK_DETECTED.equals(e.getSQLState()) || attempt == SCHEMA_ATTEMPTS) {
                    throw new IllegalStateException("cannot apply the schemas " + SCHEMAS + ": " + e.getMessage(), e);
                }
            } catch (ScriptStatementFailedException e) {
                if (!(e.getCause() instanceof SQLException cause)
                        || !DEADLOCK_DETECTED.equals(cause.getSQLState())
                        || attempt == SCHEMA_ATTEMPTS) {
                    throw e;
                }
            }
        }
    }

    private static void applySchemaOnce(DataSource dataSource) throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            try (Statement lock = connection.createStatement()) {
                lock.execute("SELECT pg_advisory_xact_lock(" + SCHEMA_LOCK + ")");
            }
            for (String schema : SCHEMAS) {
                ScriptUtils.executeSqlScript(connection, new ClassPathResource(schema));
            }
            connection.commit();
        }
    }
}
