package dev.robotledger.gateway.journal;

import java.time.Duration;
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
 * @param deadLetterBodyLimit bytes of a refused message kept in its dead letter; the size and
 *                            SHA-256 of the whole body are always kept
 * @param deadLettersPerRobotPerMinute dead letters stored per sender (robot id, or topic when no id
 *                            could be read) per clock minute; beyond it a refusal is only counted in
 *                            {@code dead_letter_overflow} (with its reason and the last body's SHA-256)
 * @param deadLetterRetention dead letters and overflow counts older than this are deleted
 * @param deadLetterPurgeInterval how often the deletion runs
 */
@ConfigurationProperties("gateway.journal")
public record JournalProperties(
        String jdbcUrl,
        String username,
        @DefaultValue("") String password,
        @DefaultValue("6") int poolSize,
        @DefaultValue("4096") int deadLetterBodyLimit,
        @DefaultValue("60") int deadLettersPerRobotPerMinute,
        @DefaultValue("30d") Duration deadLetterRetention,
        @DefaultValue("1h") Duration deadLetterPurgeInterval) {

    public JournalProperties {
        requireSetting(jdbcUrl, "gateway.journal.jdbc-url", "GATEWAY_JOURNAL_JDBCURL");
        requireSetting(username, "gateway.journal.username", "GATEWAY_JOURNAL_USERNAME");
        if (poolSize < 2) {
            throw new IllegalArgumentException("gateway.journal.pool-size must be at least 2, was " + poolSize);
        }
        if (deadLetterBodyLimit < 0) {
            throw new IllegalArgumentException(
                    "gateway.journal.dead-letter-body-limit must not be negative, was " + deadLetterBodyLimit);
        }
        if (deadLettersPerRobotPerMinute < 1) {
            throw new IllegalArgumentException(
                    "gateway.journal.dead-letters-per-robot-per-minute must be positive, was "
                            + deadLettersPerRobotPerMinute);
        }
        if (deadLetterRetention == null || deadLetterRetention.isNegative() || deadLetterRetention.isZero()) {
            throw new IllegalArgumentException(
                    "gateway.journal.dead-letter-retention must be positive, was " + deadLetterRetention);
        }
        if (deadLetterPurgeInterval == null
                || deadLetterPurgeInterval.isNegative()
                || deadLetterPurgeInterval.isZero()) {
            throw new IllegalArgumentException(
                    "gateway.journal.dead-letter-purge-interval must be positive, was " + deadLetterPurgeInterval);
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
