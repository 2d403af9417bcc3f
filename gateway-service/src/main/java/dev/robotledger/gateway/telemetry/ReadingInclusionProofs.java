package dev.robotledger.gateway.telemetry;

import dev.robotledger.gateway.robots.RegisteredRobot;
import dev.robotledger.gateway.robots.RobotDirectory;
import dev.robotledger.gateway.robots.UnknownRobotException;
import dev.robotledger.wire.merkle.Digest;
import dev.robotledger.wire.merkle.MerkleTree;
import dev.robotledger.wire.message.Envelope;
import dev.robotledger.wire.message.ReadingProof;
import dev.robotledger.wire.message.TelemetryWindow;
import dev.robotledger.wire.proof.LedgerAnchor;
import dev.robotledger.wire.proof.ProofVerification;
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
    private final RobotDirectory robots;

    public ReadingInclusionProofs(JdbcTemplate jdbc, RobotDirectory robots) {
        this.jdbc = jdbc;
        this.robots = robots;
    }

    private record Window(long seq, byte[] body, Long batchId, Integer batchLeafIndex) {}

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
        Window window =
                windowHolding(robotId, readingSeq).orElseThrow(() -> new UnknownReadingException(robotId, readingSeq));
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
        List<Digest> leaves = jdbc.query(
                "SELECT anchor_leaf_hash FROM envelopes WHERE batch_id = ? ORDER BY batch_leaf_index",
                (row, index) -> new Digest(row.getBytes(1)),
                window.batchId());
        MerkleTree tree = MerkleTree.ofLeafHashes(leaves);
        Digest recordedRoot = new Digest((byte[]) batch.get("merkle_root"));
        int leafIndex = window.batchLeafIndex();
        if (leaves.size() != (Integer) batch.get("window_count")
                || !tree.root().equals(recordedRoot)
                || !tree.leafHash(leafIndex).equals(MerkleTree.leafHash(envelope.canonicalBytes()))) {
            throw new IllegalStateException("journal inconsistent: the " + leaves.size() + " window leaves of batch "
                    + window.batchId() + " hash to " + tree.root() + ", its recorded root is " + recordedRoot
                    + " (window " + envelope.id() + " at leaf " + leafIndex + ")");
        }
        return new ReadingInclusionProof(
                readingProof, window.batchId(), recordedRoot, tree.proof(leafIndex), anchor(batch));
    }

    /**
     * The proof checked with its robot's registered key: what anyone with the proof and the key
     * finds offline.
     *
     * @throws UnknownRobotException when no robot of that id is registered
     */
    public ProofVerification verify(ReadingInclusionProof proof) {
        String robotId = proof.readingProof().robotId();
        RegisteredRobot robot = robots.find(robotId)
                .orElseThrow(() -> new UnknownRobotException("no robot " + robotId + " is registered"));
        return proof.verify(robot.publicKey());
    }

    private Optional<Window> windowHolding(String robotId, long readingSeq) {
        // A window's readings are consecutive from its first one, so the last window starting at or
        // before the reading holds it if its count reaches it (one index probe, envelopes_window_readings).
        return jdbc
                .query(
                        """
                SELECT seq, body, batch_id, batch_leaf_index FROM (
                    SELECT seq, body, batch_id, batch_leaf_index, first_reading_seq, reading_count FROM envelopes
                    WHERE robot_id = ? AND message_type = 'TELEMETRY_WINDOW' AND first_reading_seq <= ?
                    ORDER BY first_reading_seq DESC LIMIT 1) w
                WHERE ? < w.first_reading_seq + w.reading_count""",
                        (row, index) -> new Window(
                                row.getLong("seq"),
                                row.getBytes("body"),
                                row.getObject("batch_id", Long.class),
                                row.getObject("batch_leaf_index", Integer.class)),
                        robotId,
                        readingSeq,
                        readingSeq)
                .stream()
                .findFirst();
    }

    private Optional<LedgerAnchor> anchor(Map<String, Object> batch) {
        if (!"ANCHORED".equals(batch.get("state"))) {
            return Optional.empty();
        }
        // The channel and chaincode are the ones the submitter's receipt named, recorded with the batch.
        return Optional.of(new LedgerAnchor(
                (String) batch.get("transaction_id"),
                ((Number) batch.get("block_number")).longValue(),
                (String) batch.get("ledger_channel"),
                (String) batch.get("chaincode")));
    }
}
