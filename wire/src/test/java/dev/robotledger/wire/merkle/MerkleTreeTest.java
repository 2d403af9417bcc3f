package dev.robotledger.wire.merkle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

class MerkleTreeTest {

    // The leaves and roots of RFC 6962's reference test data (certificate-transparency).
    private static final List<String> RFC6962_LEAVES =
            List.of("", "00", "10", "2021", "3031", "40414243", "5051525354555657", "606162636465666768696a6b6c6d6e6f");
    private static final List<String> RFC6962_ROOTS = List.of(
            "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
            "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
            "aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77",
            "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
            "4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4",
            "76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef",
            "ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c",
            "5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328");

    @Test
    void matchesTheRfc6962ReferenceRoots() {
        for (int size = 1; size <= RFC6962_LEAVES.size(); size++) {
            List<byte[]> leaves = RFC6962_LEAVES.subList(0, size).stream()
                    .map(HexFormat.of()::parseHex)
                    .toList();
            assertThat(MerkleTree.ofLeaves(leaves).root().hex())
                    .as("root of %d leaves", size)
                    .isEqualTo(RFC6962_ROOTS.get(size - 1));
        }
    }

    @Test
    void matchesTheRecursiveRfc6962DefinitionForEverySizeUpTo33() {
        for (int size = 1; size <= 33; size++) {
            List<byte[]> leaves = leaves(size);
            assertThat(MerkleTree.ofLeaves(leaves).root())
                    .as("root of %d leaves", size)
                    .isEqualTo(recursiveRoot(leaves));
        }
    }

    @Test
    void proofOfEveryLeafVerifiesForEverySizeUpTo33() {
        for (int size = 1; size <= 33; size++) {
            List<byte[]> leaves = leaves(size);
            MerkleTree tree = MerkleTree.ofLeaves(leaves);
            for (int index = 0; index < size; index++) {
                InclusionProof proof = tree.proof(index);
                assertThat(proof.verify(leaves.get(index), tree.root()))
                        .as("leaf %d of %d", index, size)
                        .isTrue();
                assertThat(proof.path().size()).isLessThanOrEqualTo(ceilLog2(size));
            }
        }
    }

    @Test
    void proofIsRefusedForAnyOtherLeafIndex() {
        for (int size = 2; size <= 33; size++) {
            List<byte[]> leaves = leaves(size);
            MerkleTree tree = MerkleTree.ofLeaves(leaves);
            for (int index = 0; index < size; index++) {
                InclusionProof proof = tree.proof(index);
                for (int other = 0; other < size; other++) {
                    if (other != index) {
                        InclusionProof moved = new InclusionProof(other, size, proof.path());
                        assertThat(moved.verify(leaves.get(index), tree.root()))
                                .as("leaf %d claimed at %d of %d", index, other, size)
                                .isFalse();
                    }
                }
            }
        }
    }

    @Test
    void proofIsRefusedWithATamperedPathWrongCountOrWrongLeaf() {
        List<byte[]> leaves = leaves(21);
        MerkleTree tree = MerkleTree.ofLeaves(leaves);
        InclusionProof proof = tree.proof(13);
        for (int i = 0; i < proof.path().size(); i++) {
            List<Digest> path = new ArrayList<>(proof.path());
            byte[] flipped = path.get(i).bytes();
            flipped[5] ^= 1;
            path.set(i, new Digest(flipped));
            assertThat(new InclusionProof(13, 21, path).verify(leaves.get(13), tree.root()))
                    .isFalse();
        }
        assertThat(new InclusionProof(13, 33, proof.path()).verify(leaves.get(13), tree.root()))
                .isFalse();
        assertThat(new InclusionProof(
                                13, 21, proof.path().subList(1, proof.path().size()))
                        .verify(leaves.get(13), tree.root()))
                .isFalse();
        List<Digest> longer = new ArrayList<>(proof.path());
        longer.add(tree.root());
        assertThat(new InclusionProof(13, 21, longer).verify(leaves.get(13), tree.root()))
                .isFalse();
        assertThat(proof.verify("another leaf".getBytes(StandardCharsets.UTF_8), tree.root()))
                .isFalse();
    }

    @Test
    void leafAndNodeHashesAreDomainSeparated() {
        Digest a = MerkleTree.leafHash(new byte[] {1});
        Digest b = MerkleTree.leafHash(new byte[] {2});
        byte[] concatenated = new byte[64];
        System.arraycopy(a.bytes(), 0, concatenated, 0, 32);
        System.arraycopy(b.bytes(), 0, concatenated, 32, 32);
        // A two-leaf root must not double as the hash of a leaf holding the two child hashes.
        assertThat(MerkleTree.nodeHash(a, b)).isNotEqualTo(MerkleTree.leafHash(concatenated));
    }

    @Test
    void refusesAnEmptyTreeAndIndexesOutsideIt() {
        assertThatThrownBy(() -> MerkleTree.ofLeaves(List.of())).isInstanceOf(IllegalArgumentException.class);
        MerkleTree tree = MerkleTree.ofLeaves(leaves(3));
        assertThatThrownBy(() -> tree.proof(3)).isInstanceOf(IndexOutOfBoundsException.class);
        assertThatThrownBy(() -> new InclusionProof(3, 3, List.of())).hasMessageContaining("outside");
    }

    @Test
    void digestIsAValueThatCopiesItsBytes() {
        byte[] raw = new byte[32];
        Digest digest = new Digest(raw);
        raw[0] = 9;
        digest.bytes()[1] = 9;
        assertThat(digest).isEqualTo(Digest.fromHex("00".repeat(32)));
        assertThat(Digest.fromHex(digest.hex())).isEqualTo(digest).hasSameHashCodeAs(digest);
    }

    private static List<byte[]> leaves(int count) {
        List<byte[]> leaves = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            leaves.add(("leaf-" + i).getBytes(StandardCharsets.UTF_8));
        }
        return leaves;
    }

    // RFC 6962 section 2.1: MTH(D[n]) = H(0x01 || MTH(D[0:k]) || MTH(D[k:n])), k the largest power of two < n.
    private static Digest recursiveRoot(List<byte[]> leaves) {
        if (leaves.size() == 1) {
            return Digest.sha256(new byte[] {0}, leaves.get(0));
        }
        int k = Integer.highestOneBit(leaves.size() - 1);
        Digest left = recursiveRoot(leaves.subList(0, k));
        Digest right = recursiveRoot(leaves.subList(k, leaves.size()));
        return Digest.sha256(new byte[] {1}, left.bytes(), right.bytes());
    }

    private static int ceilLog2(int n) {
        return n == 1 ? 0 : 32 - Integer.numberOfLeadingZeros(n - 1);
    }
}
