package dev.robotledger.gateway.testing;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/** Direct SQL on the journal, for assertions independent of the gateway's own code. */
public final class JournalDatabase {

    private final JdbcTemplate jdbc;

    public JournalDatabase(PostgresEndpoint postgres) {
        this.jdbc = new JdbcTemplate(new DriverManagerDataSource(postgres.jdbcUrl(), postgres.username(), ""));
    }

    public JdbcTemplate jdbc() {
        return jdbc;
    }

    public long count(String sql, Object... args) {
        Long value = jdbc.queryForObject(sql, Long.class, args);
        return value == null ? 0 : value;
    }

    /** Zero when the schema does not exist yet (the gateway creates it at start). */
    public long countOrZero(String sql, Object... args) {
        try {
            return count(sql, args);
        } catch (org.springframework.jdbc.BadSqlGrammarException notYet) {
            return 0;
        }
    }
}
