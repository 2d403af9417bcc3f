package dev.robotledger.gateway.journal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.robotledger.gateway.telemetry.AnchorBatch;
import dev.robotledger.gateway.telemetry.AnchorBatches;
import dev.robotledger.gateway.testing.PostgresServer;
import dev.robotledger.gateway.testing.TestRobot;
import dev.robotledger.wire.merkle.MerkleTree;
import dev.robotledger.wire.message.Envelope;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.core.io.ClassPathResource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import org.springframework.jdbc.datasource.init.ScriptUtils;

/**
 * The migrations against a real PostgreSQL: they take over a database an older gateway made without
 * them, and upgrade a journal written before the per-robot counters, one written with a row per
 * reading, and one whose production events predate their ledger state; and the batcher sealing
 * windows an older gateway journaled without their signing time.
 */
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
    void takesOverADatabaseAnOlderGatewayMadeRunningEachV1OverItOnce() throws SQLException {
        startedByAnOlderGateway();
        insertEnvelope("kept-1", 1, 5, Instant.parse("2026-11-20T10:00:00Z"));

        JournalConfiguration.migrate(dataSource);
        JournalConfiguration.migrate(dataSource);

        for (String history : List.of("journal_schema_history", "read_model_schema_history")) {
            assertThat(jdbc.queryForList(
                            "SELECT version || ' ' || type || ' ' || success FROM " + history
                                    + " ORDER BY installed_rank",
                            String.class))
                    .as(history)
                    .containsExactly("0 BASELINE true", "1 SQL true");
        }
        assertThat(jdbc.queryForObject("SELECT count(*) FROM envelopes WHERE robot_id = 'kept-1'", Long.class))
                .isEqualTo(1L);
    }

    @Test
    void countsTheJournalOnceForRobotsJournaledBeforeTheCounters() throws SQLException {
        startedByAnOlderGateway();
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

        JournalConfiguration.migrate(dataSource);
        JournalConfiguration.migrate(dataSource);

        assertThat(counters("legacy-1"))
                .containsEntry("envelopes", 3L)
                .containsEntry("readings", 200L)
                .containsEntry("last_received_at", Timestamp.from(last));
        assertThat(counters("current-1")).containsEntry("envelopes", 1L).containsEntry("readings", 10L);
    }

    @Test
    void takesEachWindowsFirstReadingFromTheReadingRowsOfAnOlderJournalThenDropsThem() throws SQLException {
        startedByAnOlderGateway();
        insertEnvelope("rows-1", 1, 2, Instant.parse("2026-11-20T10:00:00Z"));
        long envelopeId =
                jdbc.queryForObject("SELECT envelope_id FROM envelopes WHERE robot_id = 'rows-1'", Long.class);
        // The table and rows as the previous schema wrote them, one per reading.
        jdbc.execute("""
                CREATE TABLE readings (envelope_id BIGINT NOT NULL REFERENCES envelopes (envelope_id),
                                       leaf_index INT NOT NULL, reading BYTEA NOT NULL, leaf_hash BYTEA NOT NULL,
                                       PRIMARY KEY (envelope_id, leaf_index))""");
        for (int leaf = 0; leaf < 2; leaf++) {
            byte[] reading =
                    ("{\"readingSeq\":" + (41 + leaf) + ",\"robotId\":\"rows-1\"}").getBytes(StandardCharsets.UTF_8);
            jdbc.update("INSERT INTO readings VALUES (?, ?, ?, '\\x00')", envelopeId, leaf, reading);
        }

        JournalConfiguration.migrate(dataSource);

        assertThat(jdbc.queryForObject(
                        "SELECT first_reading_seq FROM envelopes WHERE envelope_id = ?", Long.class, envelopeId))
                .isEqualTo(41L);
        assertThat(jdbc.queryForObject("SELECT to_regclass('readings') IS NULL", Boolean.class))
                .isTrue();
    }

    @Test
    void queuesTheProductionEventsOfAnOlderJournalOnceAndLeavesDecidedOnesAlone() throws SQLException {
        startedByAnOlderGateway();
        Instant at = Instant.parse("2026-11-20T10:00:00Z");
        insertEnvelope("events-1", 1, "COMPONENT_PRODUCED", 0, at);
        insertEnvelope("events-1", 2, "TELEMETRY_WINDOW", 5, at);
        insertEnvelope("events-1", 3, "ASSEMBLED", 0, at);
        insertEnvelope("events-1", 4, "QUALITY_CHECK", 0, at);
        // As an older gateway (or the journal before this table) left them: no production_events rows.
        jdbc.update("DELETE FROM production_events WHERE envelope_id IN"
                + " (SELECT envelope_id FROM envelopes WHERE robot_id = 'events-1')");
        jdbc.update("""
                INSERT INTO production_events (envelope_id, state, transaction_id, block_number)
                SELECT envelope_id, 'COMMITTED', 'tx-1', 3 FROM envelopes WHERE robot_id = 'events-1' AND seq = 1""");

        JournalConfiguration.migrate(dataSource);
        JournalConfiguration.migrate(dataSource);

        assertThat(jdbc.queryForList("""
                SELECT e.seq || ' ' || p.state FROM production_events p JOIN envelopes e USING (envelope_id)
                WHERE e.robot_id = 'events-1' ORDER BY e.seq""", String.class)).containsExactly("1 COMMITTED", "3 PENDING", "4 PENDING");
    }

    @Test
    void anAnchorBatchSpansItsWindowsSigningTimesTakingThemFromTheBodyWhereAnOlderGatewayDidNotStoreThem()
            throws Exception {
        JournalConfiguration.migrate(dataSource);
        // Other tests' placeholder windows (no real body) would join the batch.
        jdbc.update("DELETE FROM envelopes WHERE message_type = 'TELEMETRY_WINDOW' AND batch_id IS NULL");
        TestRobot robot = new TestRobot("signed-1");
        Envelope older = robot.windowSignedAt(5, 1_764_000_000_000L);
        Envelope newer = robot.windowSignedAt(5, 1_764_000_004_000L);
        Instant received = Instant.parse("2026-12-04T10:00:00Z");
        insertWindow(older, null, received);
        insertWindow(newer, newer.timestamp(), received.plusSeconds(1));

        AnchorBatch batch = new AnchorBatches(dataSource, jdbc)
                .sealNext(10, Duration.ofHours(1), Instant.now())
                .orElseThrow();

        assertThat(batch.windowCount()).isEqualTo(2);
        assertThat(batch.fromEpochMillis())
                .as("from the older gateway's row's body")
                .isEqualTo(older.timestamp());
        assertThat(batch.toEpochMillis()).isEqualTo(newer.timestamp());
        assertThat(batch.firstReceivedAt()).isEqualTo(received);
        assertThat(new AnchorBatches(dataSource, jdbc).pendingSubmission(10))
                .singleElement()
                .satisfies(pending -> assertThat(List.of(pending.fromEpochMillis(), pending.toEpochMillis()))
                        .containsExactly(older.timestamp(), newer.timestamp()));
    }

    /** The database as an older gateway left it: the tables its start-up scripts made, no migration history. */
    private static void startedByAnOlderGateway() throws SQLException {
        jdbc.execute("DROP TABLE IF EXISTS journal_schema_history, read_model_schema_history");
        try (Connection connection = dataSource.getConnection()) {
            for (String script : List.of("db/journal/V1__journal.sql", "db/read-model/V1__read_model.sql")) {
                ScriptUtils.executeSqlScript(connection, new ClassPathResource(script));
            }
        }
    }

    private static void insertWindow(Envelope window, Long signedAtMillis, Instant receivedAt) {
        jdbc.update(
                """
                INSERT INTO envelopes (robot_id, seq, message_type, topic, body, body_sha256, reading_count,
                                       first_reading_seq, received_at, journaled_at, anchor_leaf_hash, signed_at_millis)
                VALUES (?, ?, 'TELEMETRY_WINDOW', 'factory/p/l/r/telemetry', ?, '\\x00', ?, ?, ?, now(), ?, ?)""",
                window.robotId(),
                window.seq(),
                window.toBytes(),
                window.telemetryWindow().readings().size(),
                window.telemetryWindow().firstReadingSeq(),
                Timestamp.from(receivedAt),
                MerkleTree.leafHash(window.canonicalBytes()).bytes(),
                signedAtMillis);
    }

    private static void insertEnvelope(String robotId, long seq, int readings, Instant receivedAt) {
        insertEnvelope(robotId, seq, "TELEMETRY_WINDOW", readings, receivedAt);
    }

    private static void insertEnvelope(String robotId, long seq, String type, int readings, Instant receivedAt) {
        jdbc.update("""
                INSERT INTO envelopes (robot_id, seq, message_type, topic, body, body_sha256, reading_count,
                                       received_at, journaled_at)
                VALUES (?, ?, ?, 'factory/p/l/r/telemetry', '\\x00', '\\x00', ?, ?, now())""", robotId, seq, type, readings, Timestamp.from(receivedAt));
    }

    private static Map<String, Object> counters(String robotId) {
        return jdbc.queryForMap(
                "SELECT envelopes, readings, last_received_at FROM robot_sequences WHERE robot_id = ?", robotId);
    }
}
