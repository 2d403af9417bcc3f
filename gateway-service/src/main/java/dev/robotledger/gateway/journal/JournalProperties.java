package dev.robotledger.gateway.journal;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Where the journal lives. The JDBC URL and user have no default: a gateway that journals into
 * an unintended database would acknowledge messages it cannot later find.
 *
 * @param jdbcUrl  {@code gateway.journal.jdbc-url} (env {@code GATEWAY_JOURNAL_JDBCURL})
 * @param username {@code gateway.journal.username} (env {@code GATEWAY_JOURNAL_USERNAME})
 * @param password {@code gateway.journal.password} (env {@code GATEWAY_JOURNAL_PASSWORD})
 * @param poolSize connections shared by the journal writer, the batcher and the REST API
 * @param deadLetterBodyLimit bytes of a refused message kept in its dead letter
 */
@ConfigurationProperties("gateway.journal")
public record JournalProperties(
        String jdbcUrl,
        String username,
        @DefaultValue("") String password,
        @DefaultValue("6") int poolSize,
        @DefaultValue("4096") int deadLetterBodyLimit) {

    public JournalProperties {
        requireSetting(jdbcUrl, "gateway.journal.jdbc-url", "GATEWAY_JOURNAL_JDBCURL");
        requireSetting(username, "gateway.journal.username", "GATEWAY_JOURNAL_USERNAME");
        if (poolSize < 2) {
            throw new IllegalArgumentException("gateway.journal.pool-size must be at least 2, was " + poolSize);
        }
        if (deadLetterBodyLimit < 0) {
            throw new IllegalArgumentException("gateway.journal.dead-letter-body-limit must not be negative, was "
                    + deadLetterBodyLimit);
        }
    }

    private static void requireSetting(String value, String setting, String environmentVariable) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("missing setting " + setting
                    + " (set it in application properties or the environment variable "
                    + environmentVariable + ")");
        }
    }
}
