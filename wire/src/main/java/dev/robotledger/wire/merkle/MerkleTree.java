package dev.robotledger.wire.merkle;

import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;

/**
 * A Merkle tree over SHA-256 with RFC 6962 domain separation: a leaf hashes as
 * {@code H(0x00 || data)}, an inner node as {@code H(0x01 || left || right)}. Any number of leaves
 * (at least one) is allowed; the shape is RFC 6962's (the left subtree holds the largest power of
 * two below the leaf count), built bottom-up by carrying an unpaired last node up unchanged.
 *
 * <pre>{@code
 * MerkleTree tree = MerkleTree.ofLeaves(List.of(a, b, c));
 * InclusionProof proof = tree.proof(2);
 * boolean ok = proof.verify(c, tree.root());
 * }</pre>
 */
public final class MerkleTree {

    private static final byte LEAF_PREFIX = 0x00;
    private static final byte NODE_PREFIX = 0x01;

    // levels.get(0) are the leaf hashes, the last level holds the root alone.
    private final List<Digest[]> levels;

    private MerkleTree(List<Digest[]> levels) {
        this.levels = levels;
    }

    /** Builds the tree over the given leaf data, in order. */
    public static MerkleTree ofLeaves(List<byte[]> leaves) {
        List<Digest> hashes = new ArrayList<>(leaves.size());
        for (byte[] leaf : leaves) {
            hashes.add(leafHash(leaf));
        }
        return ofLeafHashes(hashes);
    }

    /** Builds the tree over leaf hashes already computed with {@link #leafHash(byte[])}. */
    public static MerkleTree ofLeafHashes(List<Digest> leafHashes) {
        if (leafHashes.isEmpty()) {
            throw new IllegalArgumentException("a Merkle tree needs at least one leaf");
        }
        List<Digest[]> levels = new ArrayList<>();
        Digest[] level = leafHashes.toArray(Digest[]::new);
        levels.add(level);
        while (level.length > 1) {
            Digest[] up = new Digest[(level.length + 1) / 2];
            for (int i = 0; i < up.length; i++) {
                int left = 2 * i;
                up[i] = left + 1 < level.length ? nodeHash(level[left], level[left + 1]) : level[left];
            }
            levels.add(up);
            level = up;
        }
        return new MerkleTree(levels);
    }

    public static Digest leafHash(byte[] data) {
        MessageDigest sha = Digest.newSha256();
        sha.update(LEAF_PREFIX);
        sha.update(data);
        return new Digest(sha.digest());
    }

    public static Digest nodeHash(Digest left, Digest right) {
        MessageDigest sha = Digest.newSha256();
        sha.update(NODE_PREFIX);
        left.feed(sha);
        right.feed(sha);
        return new Digest(sha.digest());
    }

    public int size() {
        return levels.get(0).length;
    }

    public Digest root() {
        return levels.get(levels.size() - 1)[0];
    }

    public Digest leafHash(int index) {
        checkIndex(index);
        return levels.get(0)[index];
    }

    /** The inclusion proof of the leaf at {@code index}: its siblings from the bottom up. */
    public InclusionProof proof(int index) {
        checkIndex(index);
        List<Digest> path = new ArrayList<>();
        int position = index;
        for (int depth = 0; depth < levels.size() - 1; depth++) {
            Digest[] level = levels.get(depth);
            int sibling = position ^ 1;
            // An unpaired last node is carried up unchanged and contributes no path entry.
            if (sibling < level.length) {
                path.add(level[sibling]);
            }
            position >>= 1;
        }
        return new InclusionProof(index, size(), path);
    }

    private void checkIndex(int index) {
        if (index < 0 || index >= size()) {
            throw new IndexOutOfBoundsException("leaf " + index + " is not in a tree of " + size() + " leaves");
        }
    }
}
