package dev.robotledger.gateway.telemetry;

import dev.robotledger.wire.merkle.Digest;
import dev.robotledger.wire.merkle.MerkleTree;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/** The anchor batches in the journal: sealing windows into batches, and the batches' states. */
@Component
public class AnchorBatches {

    private final DataSource dataSource;
    private final JdbcTemplate jdbc;

    public AnchorBatches(DataSource dataSource, JdbcTemplate jdbc) {
        this.dataSource = dataSource;
        this.jdbc = jdbc;
    }

    private record PendingWindow(
            long envelopeId,
            String robotId,
            int readingCount,
            Instant receivedAt,
            long signedAtMillis,
            Digest leafHash) {}

    /**
     * Seals the oldest unbatched telemetry windows into one batch in state PENDING_SUBMISSION, if
     * they hold at least {@code maxReadings} readings or the oldest was received {@code maxAge}
     * before {@code now}. A batch takes whole windows, at most {@code maxReadings} readings
     * (at least one window). Concurrent batchers (other gateway instances) skip locked windows.
     */
    public Optional<AnchorBatch> sealNext(int maxReadings, Duration maxAge, Instant now) throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            try {
                Optional<AnchorBatch> batch = seal(connection, maxReadings, maxAge, now);
                connection.commit();
                return batch;
            } catch (SQLException | RuntimeException e) {
                connection.rollback();
                throw e;
            }
        }
    }

    private Optional<AnchorBatch> seal(Connection connection, int maxReadings, Duration maxAge, Instant now)
            throws SQLException {
        List<PendingWindow> windows = new ArrayList<>();
        int readings = 0;
        boolean full = false;
        try (PreparedStatement select = connection.prepareStatement("""
                SELECT envelope_id, robot_id, reading_count, received_at, anchor_leaf_hash,
                       coalesce(signed_at_millis, (convert_from(body, 'UTF8')::jsonb ->> 'timestamp')::bigint)
                           AS signed_at_millis
                FROM envelopes
                WHERE message_type = 'TELEMETRY_WINDOW' AND batch_id IS NULL
                ORDER BY envelope_id LIMIT ? FOR UPDATE SKIP LOCKED""")) {
            select.setInt(1, maxReadings);
            try (ResultSet row = select.executeQuery()) {
                while (row.next()) {
                    int count = row.getInt("reading_count");
                    if (!windows.isEmpty() && readings + count > maxReadings) {
                        full = true;
                        break;
                    }
                    windows.add(new PendingWindow(
                            row.getLong("envelope_id"),
                            row.getString("robot_id"),
                            count,
                            row.getTimestamp("received_at").toInstant(),
                            row.getLong("signed_at_millis"),
                            new Digest(row.getBytes("anchor_leaf_hash"))));
                    readings += count;
                }
            }
        }
        full |= readings >= maxReadings;
        if (windows.isEmpty()
                || !full && windows.get(0).receivedAt().plus(maxAge).isAfter(now)) {
            return Optional.empty();
        }
        MerkleTree tree = MerkleTree.ofLeafHashes(
                windows.stream().map(PendingWindow::leafHash).toList());
        Instant first = windows.stream()
                .map(PendingWindow::receivedAt)
                .min(Instant::compareTo)
                .orElseThrow();
        Instant last = windows.stream()
                .map(PendingWindow::receivedAt)
                .max(Instant::compareTo)
                .orElseThrow();
        long signedFrom =
                windows.stream().mapToLong(PendingWindow::signedAtMillis).min().orElseThrow();
        long signedTo =
                windows.stream().mapToLong(PendingWindow::signedAtMillis).max().orElseThrow();
        long batchId;
        try (PreparedStatement insert = connection.prepareStatement("""
                INSERT INTO anchor_batches (merkle_root, window_count, reading_count, first_received_at,
                                            last_received_at, created_at, state, first_signed_at_millis,
                                            last_signed_at_millis)
                VALUES (?, ?, ?, ?, ?, ?, 'PENDING_SUBMISSION', ?, ?) RETURNING batch_id""")) {
            insert.setBytes(1, tree.root().bytes());
            insert.setInt(2, windows.size());
            insert.setInt(3, readings);
            insert.setTimestamp(4, Timestamp.from(first));
            insert.setTimestamp(5, Timestamp.from(last));
            insert.setTimestamp(6, Timestamp.from(now));
            insert.setLong(7, signedFrom);
            insert.setLong(8, signedTo);
            try (ResultSet key = insert.executeQuery()) {
                key.next();
                batchId = key.getLong(1);
            }
        }
        try (PreparedStatement link = connection.prepareStatement(
                "UPDATE envelopes SET batch_id = ?, batch_leaf_index = ? WHERE envelope_id = ?")) {
            for (int leaf = 0; leaf < windows.size(); leaf++) {
                link.setLong(1, batchId);
                link.setInt(2, leaf);
                link.setLong(3, windows.get(leaf).envelopeId());
                link.addBatch();
            }
            link.executeBatch();
        }
        return Optional.of(new AnchorBatch(
                batchId,
                tree.root(),
                windows.size(),
                readings,
                first,
                last,
                windows.stream().map(PendingWindow::robotId).toList(),
                signedFrom,
                signedTo));
    }

    /** Batches sealed but not yet on the ledger, oldest first. */
    public List<AnchorBatch> pendingSubmission(int limit) {
        return jdbc.query(
                """
                SELECT b.batch_id, b.merkle_root, b.window_count, b.reading_count, b.first_received_at,
                       b.last_received_at, b.first_signed_at_millis, b.last_signed_at_millis,
                       (SELECT array_agg(DISTINCT e.robot_id) FROM envelopes e WHERE e.batch_id = b.batch_id) AS robots
                FROM anchor_batches b WHERE b.state = 'PENDING_SUBMISSION' ORDER BY b.batch_id LIMIT ?""",
                (row, index) -> {
                    Instant first = row.getTimestamp("first_received_at").toInstant();
                    Instant last = row.getTimestamp("last_received_at").toInstant();
                    Long signedFrom = row.getObject("first_signed_at_millis", Long.class);
                    Long signedTo = row.getObject("last_signed_at_millis", Long.class);
                    return new AnchorBatch(
                            row.getLong("batch_id"),
                            new Digest(row.getBytes("merkle_root")),
                            row.getInt("window_count"),
                            row.getInt("reading_count"),
                            first,
                            last,
                            List.of((String[]) row.getArray("robots").getArray()),
                            signedFrom == null ? first.toEpochMilli() : signedFrom,
                            signedTo == null ? last.toEpochMilli() : signedTo);
                },
                limit);
    }

    /** Records where the ledger committed a batch; refuses to overwrite another receipt. */
    public void markAnchored(long batchId, AnchorReceipt receipt) {
        int updated = jdbc.update(
                """
                UPDATE anchor_batches SET state = 'ANCHORED', transaction_id = ?, block_number = ?,
                                          ledger_channel = ?, chaincode = ?
                WHERE batch_id = ? AND (state <> 'ANCHORED' OR transaction_id = ?)""",
                receipt.transactionId(),
                receipt.blockNumber(),
                receipt.channel(),
                receipt.chaincode(),
                batchId,
                receipt.transactionId());
        if (updated != 1) {
            throw new IllegalStateException("batch " + batchId + " is unknown or already anchored by another"
                    + " transaction than " + receipt.transactionId());
        }
    }

    /** Journaled readings not yet in any batch. */
    public long pendingReadings() {
        Long pending = jdbc.queryForObject("""
                SELECT coalesce(sum(reading_count), 0) FROM envelopes
                WHERE message_type = 'TELEMETRY_WINDOW' AND batch_id IS NULL""", Long.class);
        return pending == null ? 0 : pending;
    }
}
