package dev.robotledger.wire.merkle;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Forged inclusion proofs against real trees: the verifier either answers false or, for the one
 * real proof of a leaf, true; it throws nothing but the documented {@link IllegalArgumentException}
 * of a malformed proof (constructor) or a path that does not fit its tree ({@code rootFrom}).
 */
class InclusionProofFuzzTest {

    private static final int MAX_LEAVES = 70;
    private static final List<MerkleTree> TREES = new ArrayList<>();

    static {
        for (int size = 1; size <= MAX_LEAVES; size++) {
            List<byte[]> leaves = new ArrayList<>();
            for (int i = 0; i < size; i++) {
                leaves.add(leaf(i));
            }
            TREES.add(MerkleTree.ofLeaves(leaves));
        }
    }

    @FuzzTest
    void forgedProofsNeverVerifyUnlessReal(FuzzedDataProvider data) {
        MerkleTree tree = TREES.get(data.consumeInt(1, MAX_LEAVES) - 1);
        int leaf = data.consumeInt(0, tree.size() - 1);
        InclusionProof real = tree.proof(leaf);
        long leafIndex = data.consumeBoolean() ? real.leafIndex() : data.consumeLong();
        // The leaf count is bound by the signed window header, not by the proof: see below.
        long leafCount = data.consumeBoolean() ? real.leafCount() : data.consumeLong();
        List<Digest> path = new ArrayList<>();
        int length = data.consumeInt(0, 66);
        for (int i = 0; i < length; i++) {
            path.add(
                    data.consumeBoolean() && i < real.path().size()
                            ? real.path().get(i)
                            : someNode(tree, data));
        }

        InclusionProof forged;
        try {
            forged = new InclusionProof(leafIndex, leafCount, path);
        } catch (IllegalArgumentException malformed) {
            assertThat(malformed).isExactlyInstanceOf(IllegalArgumentException.class);
            return;
        }
        try {
            forged.rootFrom(tree.leafHash(leaf));
        } catch (IllegalArgumentException wrongShape) {
            assertThat(wrongShape).hasMessageContaining("path is").isExactlyInstanceOf(IllegalArgumentException.class);
        }
        boolean verified = forged.verify(leaf(leaf), tree.root());

        if (verified && forged.leafCount() == tree.size()) {
            assertThat(forged).isEqualTo(real);
        }
        if (forged.equals(real)) {
            assertThat(verified).isTrue();
        }
        assertThat(forged.verify(leaf(leaf + MAX_LEAVES), tree.root()))
                .as("data that is no leaf")
                .isFalse();
    }

    private static Digest someNode(MerkleTree tree, FuzzedDataProvider data) {
        if (data.consumeBoolean()) {
            return tree.leafHash(data.consumeInt(0, tree.size() - 1));
        }
        byte[] bytes = data.consumeBytes(Digest.LENGTH);
        return new Digest(bytes.length == Digest.LENGTH ? bytes : new byte[Digest.LENGTH]);
    }

    private static byte[] leaf(int index) {
        return ("leaf-" + index).getBytes(StandardCharsets.UTF_8);
    }
}
