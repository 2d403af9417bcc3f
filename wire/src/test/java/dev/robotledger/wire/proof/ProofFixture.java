package dev.robotledger.wire.proof;

import dev.robotledger.wire.merkle.Digest;
import dev.robotledger.wire.merkle.MerkleTree;
import dev.robotledger.wire.message.Envelope;
import dev.robotledger.wire.message.Reading;
import dev.robotledger.wire.message.ReadingProof;
import dev.robotledger.wire.message.TelemetryWindow;
import java.security.KeyPair;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Signed windows of one robot sealed into one anchor batch, the way the gateway builds it. */
final class ProofFixture {

    static final long BATCH_ID = 7;

    final KeyPair robotKey;
    final List<Envelope> windows = new ArrayList<>();
    final MerkleTree batchTree;

    ProofFixture(KeyPair robotKey, String robotId, int... windowSizes) {
        this.robotKey = robotKey;
        long readingSeq = 100;
        long seq = 40;
        List<Digest> leaves = new ArrayList<>();
        for (int size : windowSizes) {
            List<Reading> readings = new ArrayList<>();
            for (int i = 0; i < size; i++, readingSeq++) {
                readings.add(new Reading(
                        readingSeq,
                        1_700_000_000_000L + readingSeq,
                        Map.of("temp.c", 20.5 + i, "torque_nm", 3.25 * i),
                        0.125 * i,
                        900 + i));
            }
            Envelope window = Envelope.sign(
                    seq++, 1_700_000_100_000L + seq, TelemetryWindow.seal(robotId, readings), robotKey.getPrivate());
            windows.add(window);
            leaves.add(MerkleTree.leafHash(window.canonicalBytes()));
        }
        batchTree = MerkleTree.ofLeafHashes(leaves);
    }

    ReadingInclusionProof proof(int window, int reading, Optional<LedgerAnchor> anchor) {
        return new ReadingInclusionProof(
                ReadingProof.of(windows.get(window), reading),
                BATCH_ID,
                batchTree.root(),
                batchTree.proof(window),
                anchor);
    }

    ReadingInclusionProof proof(int window, int reading) {
        return proof(window, reading, Optional.empty());
    }
}
