package dev.robotledger.gateway.journal;

import dev.robotledger.wire.merkle.MerkleTree;
import dev.robotledger.wire.message.MessageType;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeMap;

/**
 * One group commit: reads what the sequence check needs, stages the writes, and sends them as
 * JDBC batches at {@link #commit()}. Nothing is visible (or acknowledged) before that commit;
 * PostgreSQL's synchronous commit makes it durable when {@code commit()} returns.
 */
public final class JournalTransaction implements AutoCloseable {

    // The first key of the robots' sequence locks (pg_advisory_xact_lock(int, int)); the schema's
    // lock is a single bigint key, which PostgreSQL keeps apart.
    private static final int SEQUENCE_LOCKS = 0x73657121;

    private final Connection connection;
    private final List<JournaledEnvelope> envelopes = new ArrayList<>();
    private final List<SequenceGap> closedGaps = new ArrayList<>();
    private final List<SequenceGap> openedGaps = new ArrayList<>();
    private final List<RefusedMessage> refused = new ArrayList<>();
    private final int deadLetterBodyLimit;
    private final DeadLetterRate deadLetterRate;
    // Aggregated here: one multi-row upsert may not touch the same counter twice.
    private final Map<OverflowKey, Overflow> overflow = new LinkedHashMap<>();
    private boolean committed;

    private record OverflowKey(String sender, Instant minute, String reason) {}

    private record Overflow(long refused, byte[] lastBodySha256, Instant lastReceivedAt) {}

    JournalTransaction(Connection connection, int deadLetterBodyLimit, DeadLetterRate deadLetterRate) {
        this.connection = connection;
        this.deadLetterBodyLimit = deadLetterBodyLimit;
        this.deadLetterRate = deadLetterRate;
    }

    public OptionalLong lastSeq(String robotId) throws SQLException {
        try (PreparedStatement query =
                connection.prepareStatement("SELECT last_seq FROM robot_sequences WHERE robot_id = ?")) {
            query.setString(1, robotId);
            try (ResultSet row = query.executeQuery()) {
                return row.next() ? OptionalLong.of(row.getLong(1)) : OptionalLong.empty();
            }
        }
    }

    /**
     * Takes the robots' sequence locks (until this transaction ends) and reads their highest
     * journaled numbers: another gateway journaling into the same database waits for this
     * transaction, and this one sees whatever it committed. Locks are taken in one order (by key),
     * so two writers cannot deadlock on them.
     */
    public Map<String, Long> lockSequences(Collection<String> robotIds) throws SQLException {
        Array robots = connection.createArrayOf("text", robotIds.toArray());
        try (PreparedStatement lock = connection.prepareStatement("""
                SELECT pg_advisory_xact_lock(%d, k)
                FROM (SELECT DISTINCT hashtext(r) AS k FROM unnest(?::text[]) AS r ORDER BY k) AS keys""".formatted(SEQUENCE_LOCKS))) {
            lock.setArray(1, robots);
            lock.executeQuery().close();
        }
        // A statement of its own: its snapshot is taken after the locks are held.
        Map<String, Long> last = new HashMap<>();
        try (PreparedStatement query = connection.prepareStatement(
                "SELECT robot_id, last_seq FROM robot_sequences WHERE robot_id = ANY(?::text[])")) {
            query.setArray(1, robots);
            try (ResultSet row = query.executeQuery()) {
                while (row.next()) {
                    last.put(row.getString(1), row.getLong(2));
                }
            }
        }
        return last;
    }

    /** Which of the robots are revoked in the journal's robot table, as of now. */
    public Set<String> revokedRobots(Collection<String> robotIds) throws SQLException {
        Set<String> revoked = new HashSet<>();
        try (PreparedStatement query = connection.prepareStatement(
                "SELECT robot_id FROM robots WHERE robot_id = ANY(?::text[]) AND status = 'REVOKED'")) {
            query.setArray(1, connection.createArrayOf("text", robotIds.toArray()));
            try (ResultSet row = query.executeQuery()) {
                while (row.next()) {
                    revoked.add(row.getString(1));
                }
            }
        }
        return revoked;
    }

    /** The robot's recorded gaps, lowest first. */
    public List<SequenceGap> openGaps(String robotId) throws SQLException {
        List<SequenceGap> gaps = new ArrayList<>();
        try (PreparedStatement query = connection.prepareStatement("""
                SELECT first_missing, last_missing, detected_at FROM sequence_gaps
                WHERE robot_id = ? ORDER BY first_missing""")) {
            query.setString(1, robotId);
            try (ResultSet row = query.executeQuery()) {
                while (row.next()) {
                    gaps.add(new SequenceGap(
                            robotId,
                            row.getLong(1),
                            row.getLong(2),
                            row.getTimestamp(3).toInstant()));
                }
            }
        }
        return gaps;
    }

    public Optional<byte[]> envelopeDigest(String robotId, long seq) throws SQLException {
        try (PreparedStatement query =
                connection.prepareStatement("SELECT body_sha256 FROM envelopes WHERE robot_id = ? AND seq = ?")) {
            query.setString(1, robotId);
            query.setLong(2, seq);
            try (ResultSet row = query.executeQuery()) {
                return row.next() ? Optional.of(row.getBytes(1)) : Optional.empty();
            }
        }
    }

    public void append(JournaledEnvelope envelope) {
        envelopes.add(envelope);
    }

    /** Removes the {@code closed} gaps (filled, or replaced by what is left of them) and records the {@code opened} ones. */
    public void changeGaps(List<SequenceGap> closed, List<SequenceGap> opened) {
        closedGaps.addAll(closed);
        openedGaps.addAll(opened);
    }

    /**
     * Stores the refusal as a dead letter, or past the sender's rate only counts it (reason, minute
     * and the body's SHA-256) in {@code dead_letter_overflow}.
     */
    public void deadLetter(RefusedMessage message) {
        // A robot's unreadable messages still come on its own topic (the broker's ACL).
        String sender = storableText(message.robotId() != null ? message.robotId() : message.topic());
        if (deadLetterRate.admit(sender, message.receivedAt())) {
            refused.add(message);
            return;
        }
        overflow.merge(
                new OverflowKey(sender, DeadLetterRate.minuteOf(message.receivedAt()), message.reason()),
                new Overflow(1, message.bodySha256(), message.receivedAt()),
                (earlier, later) ->
                        new Overflow(earlier.refused() + 1, later.lastBodySha256(), later.lastReceivedAt()));
    }

    /** Writes everything staged and commits. */
    public void commit() throws SQLException {
        Timestamp now = Timestamp.from(Instant.now());
        insertEnvelopes(now);
        queueProductionEvents();
        advanceSequences(now);
        changeGaps();
        insertDeadLetters();
        countOverflow();
        connection.commit();
        committed = true;
    }

    // The readings stay in the body, whose window seal was checked: first reading and count locate
    // any of them, so the journal writes one row per window, not one per reading.
    private void insertEnvelopes(Timestamp now) throws SQLException {
        if (envelopes.isEmpty()) {
            return;
        }
        try (PreparedStatement insert = connection.prepareStatement("""
                INSERT INTO envelopes (robot_id, seq, message_type, topic, body, body_sha256, reading_count,
                                       first_reading_seq, received_at, journaled_at, anchor_leaf_hash, signed_at_millis)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""")) {
            for (JournaledEnvelope envelope : envelopes) {
                insert.setString(1, envelope.robotId());
                insert.setLong(2, envelope.seq());
                insert.setString(3, envelope.messageType());
                insert.setString(4, envelope.topic());
                insert.setBytes(5, envelope.body());
                insert.setBytes(6, envelope.bodySha256());
                insert.setInt(7, envelope.readingCount());
                insert.setObject(8, envelope.firstReadingSeq(), Types.BIGINT);
                insert.setTimestamp(9, Timestamp.from(envelope.receivedAt()));
                insert.setTimestamp(10, now);
                insert.setBytes(
                        11,
                        envelope.anchorLeafData() == null
                                ? null
                                : MerkleTree.leafHash(envelope.anchorLeafData()).bytes());
                insert.setLong(12, envelope.signedAtMillis());
                insert.addBatch();
            }
            insert.executeBatch();
        }
    }

    // Each production event waits for the ledger from the commit that journals it: nothing
    // acknowledged to a robot can miss its submission.
    private void queueProductionEvents() throws SQLException {
        List<JournaledEnvelope> events = envelopes.stream()
                .filter(envelope -> MessageType.valueOf(envelope.messageType()).isProductionEvent())
                .toList();
        if (events.isEmpty()) {
            return;
        }
        try (PreparedStatement insert = connection.prepareStatement("""
                INSERT INTO production_events (envelope_id, state)
                SELECT envelope_id, 'PENDING' FROM envelopes WHERE robot_id = ? AND seq = ?""")) {
            for (JournaledEnvelope event : events) {
                insert.setString(1, event.robotId());
                insert.setLong(2, event.seq());
                insert.addBatch();
            }
            insert.executeBatch();
        }
    }

    private void advanceSequences(Timestamp now) throws SQLException {
        // One row per robot: batched inserts are rewritten into one multi-row upsert, which
        // PostgreSQL refuses when it would update the same row twice.
        Map<String, RobotProgress> byRobot = new TreeMap<>();
        for (JournaledEnvelope envelope : envelopes) {
            byRobot.merge(envelope.robotId(), RobotProgress.of(envelope), RobotProgress::plus);
        }
        if (byRobot.isEmpty()) {
            return;
        }
        try (PreparedStatement upsert = connection.prepareStatement("""
                INSERT INTO robot_sequences (robot_id, last_seq, updated_at, envelopes, readings, last_received_at)
                VALUES (?, ?, ?, ?, ?, ?)
                ON CONFLICT (robot_id) DO UPDATE
                SET last_seq = GREATEST(robot_sequences.last_seq, EXCLUDED.last_seq), updated_at = EXCLUDED.updated_at,
                    envelopes = robot_sequences.envelopes + EXCLUDED.envelopes,
                    readings = robot_sequences.readings + EXCLUDED.readings,
                    last_received_at = GREATEST(robot_sequences.last_received_at, EXCLUDED.last_received_at)""")) {
            for (Map.Entry<String, RobotProgress> robot : byRobot.entrySet()) {
                RobotProgress progress = robot.getValue();
                upsert.setString(1, robot.getKey());
                upsert.setLong(2, progress.lastSeq());
                upsert.setTimestamp(3, now);
                upsert.setLong(4, progress.envelopes());
                upsert.setLong(5, progress.readings());
                upsert.setTimestamp(6, Timestamp.from(progress.lastReceivedAt()));
                upsert.addBatch();
            }
            upsert.executeBatch();
        }
    }

    /** One robot's share of this transaction. */
    private record RobotProgress(long lastSeq, long envelopes, long readings, Instant lastReceivedAt) {

        static RobotProgress of(JournaledEnvelope envelope) {
            return new RobotProgress(envelope.seq(), 1, envelope.readingCount(), envelope.receivedAt());
        }

        RobotProgress plus(RobotProgress other) {
            return new RobotProgress(
                    Math.max(lastSeq, other.lastSeq),
                    envelopes + other.envelopes,
                    readings + other.readings,
                    lastReceivedAt.isAfter(other.lastReceivedAt) ? lastReceivedAt : other.lastReceivedAt);
        }
    }

    private void changeGaps() throws SQLException {
        if (!closedGaps.isEmpty()) {
            try (PreparedStatement delete =
                    connection.prepareStatement("DELETE FROM sequence_gaps WHERE robot_id = ? AND first_missing = ?")) {
                for (SequenceGap gap : closedGaps) {
                    delete.setString(1, gap.robotId());
                    delete.setLong(2, gap.firstMissing());
                    delete.addBatch();
                }
                delete.executeBatch();
            }
        }
        if (!openedGaps.isEmpty()) {
            try (PreparedStatement insert = connection.prepareStatement("""
                    INSERT INTO sequence_gaps (robot_id, first_missing, last_missing, detected_at)
                    VALUES (?, ?, ?, ?) ON CONFLICT (robot_id, first_missing) DO UPDATE
                    SET last_missing = EXCLUDED.last_missing, detected_at = EXCLUDED.detected_at""")) {
                for (SequenceGap gap : openedGaps) {
                    insert.setString(1, gap.robotId());
                    insert.setLong(2, gap.firstMissing());
                    insert.setLong(3, gap.lastMissing());
                    insert.setTimestamp(4, Timestamp.from(gap.detectedAt()));
                    insert.addBatch();
                }
                insert.executeBatch();
            }
        }
    }

    private void insertDeadLetters() throws SQLException {
        if (refused.isEmpty()) {
            return;
        }
        try (PreparedStatement insert = connection.prepareStatement("""
                INSERT INTO dead_letters (reason, detail, topic, robot_id, seq, body_prefix, body_size,
                                          body_sha256, received_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (topic, body_sha256) DO NOTHING""")) {
            for (RefusedMessage message : refused) {
                insert.setString(1, message.reason());
                insert.setString(2, storableText(message.detail()));
                insert.setString(3, storableText(message.topic()));
                insert.setString(4, message.robotId() == null ? null : storableText(message.robotId()));
                insert.setObject(5, message.seq());
                insert.setBytes(6, Arrays.copyOf(message.body(), Math.min(message.body().length, deadLetterBodyLimit)));
                insert.setInt(7, message.body().length);
                insert.setBytes(8, message.bodySha256());
                insert.setTimestamp(9, Timestamp.from(message.receivedAt()));
                insert.addBatch();
            }
            insert.executeBatch();
        }
    }

    private void countOverflow() throws SQLException {
        if (overflow.isEmpty()) {
            return;
        }
        try (PreparedStatement upsert = connection.prepareStatement("""
                INSERT INTO dead_letter_overflow (sender, minute, reason, refused, last_body_sha256, last_received_at)
                VALUES (?, ?, ?, ?, ?, ?)
                ON CONFLICT (sender, minute, reason) DO UPDATE
                SET refused = dead_letter_overflow.refused + EXCLUDED.refused,
                    last_body_sha256 = EXCLUDED.last_body_sha256, last_received_at = EXCLUDED.last_received_at""")) {
            for (Map.Entry<OverflowKey, Overflow> counted : overflow.entrySet()) {
                upsert.setString(1, counted.getKey().sender());
                upsert.setTimestamp(2, Timestamp.from(counted.getKey().minute()));
                upsert.setString(3, counted.getKey().reason());
                upsert.setLong(4, counted.getValue().refused());
                upsert.setBytes(5, counted.getValue().lastBodySha256());
                upsert.setTimestamp(6, Timestamp.from(counted.getValue().lastReceivedAt()));
                upsert.addBatch();
            }
            upsert.executeBatch();
        }
    }

    // PostgreSQL text cannot hold NUL; a hostile message must not make its dead letter unstorable
    // (the batch would fail and be retried for ever).
    private static String storableText(String text) {
        return text.replace('\u0000', '\uFFFD');
    }

    @Override
    public void close() throws SQLException {
        try {
            if (!committed) {
                connection.rollback();
            }
        } finally {
            connection.close();
        }
    }
}
