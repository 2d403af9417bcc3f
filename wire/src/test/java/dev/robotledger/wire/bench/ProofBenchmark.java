package dev.robotledger.wire.bench;

import dev.robotledger.wire.crypto.EcdsaP256;
import dev.robotledger.wire.merkle.Digest;
import dev.robotledger.wire.merkle.InclusionProof;
import dev.robotledger.wire.merkle.MerkleTree;
import dev.robotledger.wire.message.Envelope;
import dev.robotledger.wire.message.ReadingProof;
import dev.robotledger.wire.proof.ProofVerification;
import dev.robotledger.wire.proof.ReadingInclusionProof;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * What a retailer or lender pays to check a reading offline: the batch path alone (hashing), the
 * reading's proof within its signed window, and the whole inclusion proof as the VerifyProof
 * command checks it (JSON parse, robot signature, both Merkle paths).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class ProofBenchmark {

    private static final int READINGS_PER_WINDOW = 100;

    /** Windows in the anchor batch: the batch path has log2(windows) steps. */
    @Param({"1024"})
    public int windows;

    private KeyPair keys;
    private ReadingProof readingProof;
    private Digest windowLeaf;
    private InclusionProof batchPath;
    private Digest batchRoot;
    private byte[] inclusionProofJson;

    @Setup
    public void setUp() {
        keys = EcdsaP256.generateKeyPair();
        List<Digest> leaves = new ArrayList<>(windows);
        Envelope proven = null;
        int provenIndex = windows / 3;
        for (int w = 0; w < windows; w++) {
            // Only the proven window needs real readings and a real signature; the others are leaves.
            if (w == provenIndex) {
                proven = BenchmarkData.window(w + 1, READINGS_PER_WINDOW, keys.getPrivate());
                leaves.add(MerkleTree.leafHash(proven.canonicalBytes()));
            } else {
                leaves.add(Digest.sha256(Integer.toString(w).getBytes(StandardCharsets.UTF_8)));
            }
        }
        MerkleTree batch = MerkleTree.ofLeafHashes(leaves);
        readingProof = ReadingProof.of(proven, READINGS_PER_WINDOW / 2);
        windowLeaf = batch.leafHash(provenIndex);
        batchPath = batch.proof(provenIndex);
        batchRoot = batch.root();
        inclusionProofJson =
                new ReadingInclusionProof(readingProof, 1, batchRoot, batchPath, Optional.empty()).toJsonBytes();
    }

    @Benchmark
    public boolean batchPath() {
        return batchPath.verifyLeafHash(windowLeaf, batchRoot);
    }

    @Benchmark
    public boolean readingProof() {
        return readingProof.verify(keys.getPublic());
    }

    @Benchmark
    public ProofVerification inclusionProofFromJson() {
        return ReadingInclusionProof.parse(inclusionProofJson).verify(keys.getPublic());
    }
}
