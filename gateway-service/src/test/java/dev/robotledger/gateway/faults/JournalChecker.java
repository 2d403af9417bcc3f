package dev.robotledger.gateway.faults;

import dev.robotledger.wire.merkle.Digest;
import dev.robotledger.wire.message.Envelope;
import dev.robotledger.wire.message.MessageType;
import dev.robotledger.wire.message.Reading;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The independent checker: plain JDBC on the journal's tables, compared with the exact bytes the
 * broker acknowledged to each robot agent. It uses none of the gateway's code or API, so a bug
 * there cannot hide itself.
 */
final class JournalChecker {

    private static final String PRODUCTION_TYPES = Arrays.stream(MessageType.values())
            .filter(MessageType::isProductionEvent)
            .map(type -> "'" + type.name() + "'")
            .collect(Collectors.joining(", "));

    private final String jdbcUrl;
    private final String user;

    JournalChecker(String jdbcUrl, String user) {
        this.jdbcUrl = jdbcUrl;
        this.user = user;
    }

    /**
     * Whether every robot's envelopes 1..{@code lastSigned} are journaled; false also while the
     * database cannot be reached.
     */
    boolean hasJournaledUpTo(Map<String, Long> lastSigned) {
        try (Connection connection = DriverManager.getConnection(jdbcUrl, user, "");
                PreparedStatement count =
                        connection.prepareStatement("SELECT count(*) FROM envelopes WHERE robot_id = ? AND seq <= ?")) {
            for (Map.Entry<String, Long> robot : lastSigned.entrySet()) {
                count.setString(1, robot.getKey());
                count.setLong(2, robot.getValue());
                try (ResultSet rows = count.executeQuery()) {
                    rows.next();
                    if (rows.getLong(1) < robot.getValue()) {
                        return false;
                    }
                }
            }
            return true;
        } catch (SQLException databaseAway) {
            return false;
        }
    }

    /**
     * What the ledger must hold once everything the robots signed up to {@code lastSigned} is
     * through: every anchor batch up to the last one holding such a window (batches are submitted
     * in batch order), and the event id of every such production event. Empty while any of those
     * envelopes is not journaled, or a window not yet sealed into a batch; and while the database
     * cannot be reached. Only the journal's bookkeeping: what is on the ledger is the ledger
     * checker's to say.
     */
    Optional<LedgerWork> ledgerWork(Map<String, Long> lastSigned) {
        Set<String> eventIds = new HashSet<>();
        long lastBatch = 0;
        try (Connection connection = DriverManager.getConnection(jdbcUrl, user, "");
                PreparedStatement windows = connection.prepareStatement("""
                     SELECT count(*), count(*) FILTER (WHERE message_type = 'TELEMETRY_WINDOW' AND batch_id IS NULL),
                            coalesce(max(batch_id), 0)
                       FROM envelopes WHERE robot_id = ? AND seq <= ?""");
                PreparedStatement events = connection.prepareStatement(
                        "SELECT seq FROM envelopes WHERE robot_id = ? AND seq <= ? AND message_type IN ("
                                + PRODUCTION_TYPES + ")")) {
            for (Map.Entry<String, Long> robot : lastSigned.entrySet()) {
                windows.setString(1, robot.getKey());
                windows.setLong(2, robot.getValue());
                try (ResultSet rows = windows.executeQuery()) {
                    rows.next();
                    if (rows.getLong(1) < robot.getValue() || rows.getLong(2) > 0) {
                        return Optional.empty();
                    }
                    lastBatch = Math.max(lastBatch, rows.getLong(3));
                }
                events.setString(1, robot.getKey());
                events.setLong(2, robot.getValue());
                try (ResultSet rows = events.executeQuery()) {
                    while (rows.next()) {
                        eventIds.add("production-" + robot.getKey() + "-" + rows.getLong(1));
                    }
                }
            }
            Set<String> batchIds = new HashSet<>();
            try (PreparedStatement batches =
                    connection.prepareStatement("SELECT batch_id FROM anchor_batches WHERE batch_id <= ?")) {
                batches.setLong(1, lastBatch);
                try (ResultSet rows = batches.executeQuery()) {
                    while (rows.next()) {
                        batchIds.add(Long.toString(rows.getLong(1)));
                    }
                }
            }
            return Optional.of(new LedgerWork(batchIds, eventIds));
        } catch (SQLException databaseAway) {
            return Optional.empty();
        }
    }

    /** Anchor batches and production events the journal holds as waiting for the ledger; zeros while it cannot be reached. */
    Pending pendingOnLedger() {
        try (Connection connection = DriverManager.getConnection(jdbcUrl, user, "")) {
            return new Pending(
                    count(connection, "SELECT count(*) FROM anchor_batches WHERE state <> 'ANCHORED'"),
                    count(connection, "SELECT count(*) FROM production_events WHERE state = 'PENDING'"));
        } catch (SQLException databaseAway) {
            return new Pending(0, 0);
        }
    }

    /** The anchor batch ids and production event ids the ledger must hold. */
    record LedgerWork(Set<String> batchIds, Set<String> eventIds) {}

    record Pending(long anchorBatches, long productionEvents) {}

    /** Compares the journal with what the robots sent and had acknowledged. */
    Verdict check(Map<String, byte[]> acknowledged, long readingsSent, long eventsSent) throws SQLException {
        Map<String, Envelope> acked = new HashMap<>();
        acknowledged.forEach((digest, bytes) -> acked.put(digest, Envelope.parse(bytes, Envelope.DEFAULT_MAX_BYTES)));

        Map<String, Integer> journaledDigests = new HashMap<>();
        Set<String> journaledIds = new HashSet<>();
        Map<String, Set<Long>> journaledReadingSeqs = new HashMap<>();
        long envelopeRows = 0;
        long readingsInJournaledWindows = 0;
        long duplicatedReadings = 0;
        long readingsCounted;
        long robotCounterMismatches;
        long deadLetters;
        long gaps;
        try (Connection connection = DriverManager.getConnection(jdbcUrl, user, "")) {
            try (PreparedStatement select = connection.prepareStatement(
                            "SELECT robot_id, seq, body, body_sha256 FROM envelopes ORDER BY envelope_id");
                    ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    envelopeRows++;
                    journaledIds.add(rows.getString("robot_id") + "/" + rows.getLong("seq"));
                    byte[] body = rows.getBytes("body");
                    String digest = HexFormat.of().formatHex(Digest.sha256(body).bytes());
                    journaledDigests.merge(digest, 1, Integer::sum);
                    Envelope envelope = Envelope.parse(body, Envelope.DEFAULT_MAX_BYTES);
                    if (envelope.type() == MessageType.TELEMETRY_WINDOW) {
                        Set<Long> seqs =
                                journaledReadingSeqs.computeIfAbsent(envelope.robotId(), id -> new HashSet<>());
                        for (Reading reading : envelope.telemetryWindow().readings()) {
                            readingsInJournaledWindows++;
                            if (!seqs.add(reading.readingSeq())) {
                                duplicatedReadings++;
                            }
                        }
                    }
                }
            }
            readingsCounted = count(connection, "SELECT coalesce(sum(reading_count), 0) FROM envelopes");
            // The per-robot counters the journal keeps in each commit must equal the journal itself.
            robotCounterMismatches = count(connection, """
                    SELECT count(*) FROM robot_sequences s FULL JOIN
                           (SELECT robot_id, count(*) AS envelopes, sum(reading_count) AS readings,
                                   max(received_at) AS last_received_at FROM envelopes GROUP BY robot_id) e
                        ON e.robot_id = s.robot_id
                     WHERE s.envelopes IS DISTINCT FROM e.envelopes OR s.readings IS DISTINCT FROM e.readings
                        OR s.last_received_at IS DISTINCT FROM e.last_received_at""");
            deadLetters = count(connection, "SELECT count(*) FROM dead_letters");
            gaps = count(connection, "SELECT count(*) FROM sequence_gaps");
        }

        long envelopesLost = 0;
        long readingsLost = 0;
        long readingsAcknowledged = 0;
        long eventsAcknowledged = 0;
        for (Map.Entry<String, Envelope> entry : acked.entrySet()) {
            int readings = readingCount(entry.getValue());
            readingsAcknowledged += readings;
            if (entry.getValue().type().isProductionEvent()) {
                eventsAcknowledged++;
            }
            if (!journaledDigests.containsKey(entry.getKey())) {
                envelopesLost++;
                readingsLost += readings;
            }
        }
        long envelopesNeverSent = journaledDigests.keySet().stream()
                .filter(digest -> !acked.containsKey(digest))
                .count();
        long duplicatedEnvelopes = (envelopeRows - journaledIds.size())
                + journaledDigests.values().stream().mapToLong(n -> n - 1).sum();
        return new Verdict(
                readingsSent,
                eventsSent,
                acked.size(),
                readingsAcknowledged,
                eventsAcknowledged,
                envelopeRows,
                readingsCounted,
                envelopesLost,
                readingsLost,
                duplicatedEnvelopes,
                duplicatedReadings,
                envelopesNeverSent,
                readingsCounted - readingsInJournaledWindows,
                robotCounterMismatches,
                deadLetters,
                gaps);
    }

    private static int readingCount(Envelope envelope) {
        return envelope.type() == MessageType.TELEMETRY_WINDOW
                ? envelope.telemetryWindow().readings().size()
                : 0;
    }

    private static long count(Connection connection, String sql) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(sql);
                ResultSet rows = statement.executeQuery()) {
            rows.next();
            return rows.getLong(1);
        }
    }

    /**
     * What the checker found.
     *
     * @param readingsSent          readings the robots recorded
     * @param envelopesAcknowledged distinct messages the broker acknowledged to the robots
     * @param envelopesLost         acknowledged but not journaled
     * @param duplicatedEnvelopes   journal rows beyond one per robot and number, or per exact message
     * @param duplicatedReadings    reading numbers journaled more than once for a robot
     * @param envelopesNeverSent    journaled messages no robot had acknowledged (so never sent)
     * @param readingCountMismatch  the journal's reading counts minus the readings inside the journaled windows
     * @param robotCounterMismatches robots whose journaled counters disagree with their envelopes
     */
    record Verdict(
            long readingsSent,
            long eventsSent,
            long envelopesAcknowledged,
            long readingsAcknowledged,
            long eventsAcknowledged,
            long envelopesJournaled,
            long readingsCounted,
            long envelopesLost,
            long readingsLost,
            long duplicatedEnvelopes,
            long duplicatedReadings,
            long envelopesNeverSent,
            long readingCountMismatch,
            long robotCounterMismatches,
            long deadLetters,
            long sequenceGaps) {}
}
