package dev.robotledger.gateway.journal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.robotledger.gateway.testing.PostgresServer;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/** The schema script against a real PostgreSQL: it upgrades a journal written before the per-robot counters. */
class JournalSchemaIT {

    private static PostgresServer postgres;
    private static DriverManagerDataSource dataSource;
    private static JdbcTemplate jdbc;

    @BeforeAll
    static void start() {
        postgres = PostgresServer.start();
        dataSource = new DriverManagerDataSource(postgres.jdbcUrl(), postgres.username(), "");
        jdbc = new JdbcTemplate(dataSource);
    }

    @AfterAll
    static void stop() {
        postgres.close();
    }

    @Test
    void countsTheJournalOnceForRobotsJournaledBeforeTheCounters() {
        JournalConfiguration.applySchema(dataSource);
        Instant last = Instant.parse("2026-11-20T10:00:03Z");
        insertEnvelope("legacy-1", 1, 100, last.minusSeconds(3));
        insertEnvelope("legacy-1", 2, 100, last);
        insertEnvelope("legacy-1", 3, 0, last.minusSeconds(1));
        // A row as the previous schema wrote it: no counters, no last_received_at.
        jdbc.update("INSERT INTO robot_sequences (robot_id, last_seq, updated_at) VALUES ('legacy-1', 3, now())");
        insertEnvelope("current-1", 1, 10, last);
        jdbc.update("""
                INSERT INTO robot_sequences (robot_id, last_seq, updated_at, envelopes, readings, last_received_at)
                VALUES ('current-1', 1, now(), 1, 10, ?)""", Timestamp.from(last));

        JournalConfiguration.applySchema(dataSource);
        JournalConfiguration.applySchema(dataSource);

        assertThat(counters("legacy-1")).containsEntry("envelopes", 3L).containsEntry("readings", 200L)
                .containsEntry("last_received_at", Timestamp.from(last));
        assertThat(counters("current-1")).containsEntry("envelopes", 1L).containsEntry("readings", 10L);
    }

    private static void insertEnvelope(String robotId, long seq, int readings, Instant receivedAt) {
        jdbc.update("""
                INSERT INTO envelopes (robot_id, seq, message_type, topic, body, body_sha256, reading_count,
                                       received_at, journaled_at)
                VALUES (?, ?, 'TELEMETRY_WINDOW', 'factory/p/l/r/telemetry', '\\x00', '\\x00', ?, ?, now())""",
                robotId, seq, readings, Timestamp.from(receivedAt));
    }

    private static Map<String, Object> counters(String robotId) {
        return jdbc.queryForMap("SELECT envelopes, readings, last_received_at FROM robot_sequences WHERE robot_id = ?",
                robotId);
    }
}
