package dev.robotledger.gateway.faults;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.robotledger.gateway.testing.PostgresServer;
import dev.robotledger.gateway.testing.TestRobot;
import dev.robotledger.wire.merkle.Digest;
import dev.robotledger.wire.message.Envelope;
import dev.robotledger.wire.message.MessageType;
import dev.robotledger.wire.message.Reading;
import dev.robotledger.wire.message.TelemetryWindow;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Instant;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

/**
 * The checker finds what the fault suite must never see: a lost, a duplicated and an invented
 * message, and per-robot counters that disagree with the journal.
 */
class JournalCheckerIT {

    private final TestRobot robot = new TestRobot("checked-1");

    @Test
    void countsLostDuplicatedAndNeverSentMessagesInAJournal() throws Exception {
        Envelope first = window(1, 1, 3);
        Envelope lost = window(2, 4, 6);
        Envelope event = Envelope.sign(
                "checked-1",
                3,
                Instant.now().toEpochMilli(),
                MessageType.ASSEMBLED,
                JsonNodeFactory.instance.objectNode().put("componentId", "part-1"),
                robot.keys().getPrivate());
        Envelope invented = window(4, 3, 5);
        try (PostgresServer postgres = PostgresServer.start()) {
            try (Connection connection = DriverManager.getConnection(postgres.jdbcUrl(), postgres.username(), "")) {
                try (InputStream schema = getClass().getResourceAsStream("/db/journal/V1__journal.sql");
                        Statement statement = connection.createStatement()) {
                    statement.execute(new String(schema.readAllBytes(), StandardCharsets.UTF_8));
                }
                for (Envelope journaled : List.of(first, event, invented)) {
                    journal(connection, journaled);
                }
            }
            JournalChecker checker = new JournalChecker(postgres.jdbcUrl(), postgres.username());

            JournalChecker.Verdict verdict = checker.check(acknowledged(first, lost, event), 6, 1);

            // The journal was written behind the gateway's back, so checked-1 has no counters either.
            assertThat(verdict).isEqualTo(new JournalChecker.Verdict(6, 1, 3, 6, 1, 3, 6, 1, 3, 0, 1, 1, 0, 1, 0, 0));
            assertThat(checker.hasJournaledUpTo(Map.of("checked-1", 1L))).isTrue();
            assertThat(checker.hasJournaledUpTo(Map.of("checked-1", 3L)))
                    .as("envelope 2 is missing")
                    .isFalse();
        }
    }

    private Envelope window(long seq, long firstReading, long lastReading) {
        List<Reading> readings = LongStream.rangeClosed(firstReading, lastReading)
                .mapToObj(n -> new Reading(n, Instant.now().toEpochMilli(), Map.of("temp", 20.0 + n), 0.1, 500))
                .toList();
        return Envelope.sign(
                seq,
                Instant.now().toEpochMilli(),
                TelemetryWindow.seal("checked-1", readings),
                robot.keys().getPrivate());
    }

    private static Map<String, byte[]> acknowledged(Envelope... envelopes) {
        Map<String, byte[]> acked = new HashMap<>();
        for (Envelope envelope : envelopes) {
            acked.put(HexFormat.of().formatHex(Digest.sha256(envelope.toBytes()).bytes()), envelope.toBytes());
        }
        return acked;
    }

    private static void journal(Connection connection, Envelope envelope) throws Exception {
        boolean window = envelope.type() == MessageType.TELEMETRY_WINDOW;
        try (PreparedStatement insert = connection.prepareStatement("""
                INSERT INTO envelopes (robot_id, seq, message_type, topic, body, body_sha256, reading_count,
                                       first_reading_seq, received_at, journaled_at)
                VALUES (?, ?, ?, 'factory/p/l/checked-1/x', ?, ?, ?, ?, ?, ?)""")) {
            insert.setString(1, envelope.robotId());
            insert.setLong(2, envelope.seq());
            insert.setString(3, envelope.type().name());
            insert.setBytes(4, envelope.toBytes());
            insert.setBytes(5, Digest.sha256(envelope.toBytes()).bytes());
            insert.setInt(6, window ? envelope.telemetryWindow().readingCount() : 0);
            insert.setObject(7, window ? envelope.telemetryWindow().firstReadingSeq() : null, Types.BIGINT);
            insert.setTimestamp(8, Timestamp.from(Instant.now()));
            insert.setTimestamp(9, Timestamp.from(Instant.now()));
            insert.executeUpdate();
        }
    }
}
