package dev.robotledger.gateway.telemetry;

import dev.robotledger.wire.merkle.Digest;
import dev.robotledger.wire.merkle.MerkleTree;
import dev.robotledger.wire.message.Envelope;
import dev.robotledger.wire.message.ReadingProof;
import dev.robotledger.wire.message.TelemetryWindow;
import dev.robotledger.wire.proof.LedgerAnchor;
import dev.robotledger.wire.proof.ReadingInclusionProof;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Builds the inclusion proof of one reading from the journal: the window envelope's exact bytes
 * give the reading's path to the signed window root, and the batch's window leaves, in
 * {@code batch_leaf_index} order, give the window header's path to the batch root. Blocking (JDBC).
 */
@Component
public class ReadingInclusionProofs {

    private final JdbcTemplate jdbc;

    public ReadingInclusionProofs(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    private record Window(long seq, byte[] body, Long batchId, Integer batchLeafIndex) {
    }

    /**
     * The proof of reading {@code readingSeq} of {@code robotId}.
     *
     * @throws UnknownReadingException    when no journaled window of the robot holds it
     * @throws ReadingNotBatchedException when its window is not in an anchor batch yet
     */
    public ReadingInclusionProof forReading(String robotId, long readingSeq) {
        if (readingSeq < 0) {
            throw new IllegalArgumentException("reading numbers are not negative, got " + readingSeq);
        }
        Window window = windowHolding(robotId, readingSeq)
                .orElseThrow(() -> new UnknownReadingException(robotId, readingSeq));
        if (window.batchId() == null) {
            throw new ReadingNotBatchedException(robotId, readingSeq, window.seq());
        }
        // Journaled bytes passed verification at ingestion; no size limit applies on the way out.
        Envelope envelope = Envelope.parse(window.body(), Integer.MAX_VALUE);
        TelemetryWindow readings = envelope.telemetryWindow();
        ReadingProof readingProof = ReadingProof.of(envelope, Math.toIntExact(readingSeq - readings.firstReadingSeq()));

        Map<String, Object> batch = jdbc.queryForMap("""
                SELECT merkle_root, window_count, state, transaction_id, block_number, ledger_channel, chaincode
                FROM anchor_batches WHERE batch_id = ?""", window.batchId());
        List<Digest> leaves = jdbc.query("SELECT anchor_leaf_hash FROM envelopes WHERE batch_id = ? ORDER BY batch_leaf_index",
                (row, index) -> new Digest(row.getBytes(1)), window.batchId());
        MerkleTree tree = MerkleTree.ofLeafHashes(leaves);
        Digest recordedRoot = new Digest((byte[]) batch.get("merkle_root"));
        int leafIndex = window.batchLeafIndex();
        if (leaves.size() != (Integer) batch.get("window_count") || !tree.root().equals(recordedRoot)
                || !tree.leafHash(leafIndex).equals(MerkleTree.leafHash(envelope.canonicalBytes()))) {
            throw new IllegalStateException("journal inconsistent: the " + leaves.size() + " window leaves of batch "
                    + window.batchId() + " hash to " + tree.root() + ", its recorded root is " + recordedRoot
                    + " (window " + envelope.id() + " at leaf " + leafIndex + ")");
        }
        return new ReadingInclusionProof(readingProof, window.batchId(), recordedRoot, tree.proof(leafIndex),
                anchor(batch));
    }

    private Optional<Window> windowHolding(String robotId, long readingSeq) {
        // A window's readings are consecutive from its first one (leaf 0), so the first reading
        // number and the count locate the window without a per-reading index.
        return jdbc.query("""
                SELECT e.seq, e.body, e.batch_id, e.batch_leaf_index
                FROM envelopes e
                JOIN readings r0 ON r0.envelope_id = e.envelope_id AND r0.leaf_index = 0
                CROSS JOIN LATERAL (SELECT (convert_from(r0.reading, 'UTF8')::jsonb ->> 'readingSeq')::bigint
                                    AS first_reading_seq) f
                WHERE e.robot_id = ? AND e.message_type = 'TELEMETRY_WINDOW'
                  AND f.first_reading_seq <= ? AND ? < f.first_reading_seq + e.reading_count
                ORDER BY e.seq LIMIT 1""",
                (row, index) -> new Window(row.getLong("seq"), row.getBytes("body"),
                        row.getObject("batch_id", Long.class), row.getObject("batch_leaf_index", Integer.class)),
                robotId, readingSeq, readingSeq).stream().findFirst();
    }

    private Optional<LedgerAnchor> anchor(Map<String, Object> batch) {
        if (!"ANCHORED".equals(batch.get("state"))) {
            return Optional.empty();
        }
        // The channel and chaincode are the ones the submitter's receipt named, recorded with the batch.
        return Optional.of(new LedgerAnchor((String) batch.get("transaction_id"),
                ((Number) batch.get("block_number")).longValue(), (String) batch.get("ledger_channel"),
                (String) batch.get("chaincode")));
    }
}
