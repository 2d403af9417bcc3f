package dev.robotledger.wire.merkle;

import java.util.List;

/**
 * Proof that a leaf sits at {@code leafIndex} of a tree of {@code leafCount} leaves: the sibling
 * hashes from the leaf up to the root (RFC 6962 audit path, at most ceil(log2 leafCount) entries).
 */
public record InclusionProof(long leafIndex, long leafCount, List<Digest> path) {

    public InclusionProof {
        if (leafCount < 1) {
            throw new IllegalArgumentException("leafCount must be at least 1, got " + leafCount);
        }
        if (leafIndex < 0 || leafIndex >= leafCount) {
            throw new IllegalArgumentException(
                    "leafIndex " + leafIndex + " is outside a tree of " + leafCount + " leaves");
        }
        path = List.copyOf(path);
        if (path.size() > 64) {
            throw new IllegalArgumentException("a path of " + path.size() + " hashes is longer than any tree allows");
        }
    }

    /**
     * Recomputes the root from the leaf's hash (RFC 9162, 2.1.3.2), or throws
     * {@link IllegalArgumentException} when the path length does not fit the index and count.
     */
    public Digest rootFrom(Digest leafHash) {
        long index = leafIndex;
        long last = leafCount - 1;
        Digest node = leafHash;
        for (Digest sibling : path) {
            if (last == 0) {
                throw new IllegalArgumentException(
                        "the path is longer than the tree of " + leafCount + " leaves is deep");
            }
            if ((index & 1) == 1 || index == last) {
                node = MerkleTree.nodeHash(sibling, node);
                // Skip the levels where this node was carried up without a sibling.
                while ((index & 1) == 0 && index != 0) {
                    index >>= 1;
                    last >>= 1;
                }
            } else {
                node = MerkleTree.nodeHash(node, sibling);
            }
            index >>= 1;
            last >>= 1;
        }
        if (last != 0) {
            throw new IllegalArgumentException("the path is shorter than the tree of " + leafCount + " leaves is deep");
        }
        return node;
    }

    /** True when {@code leafData} at this position leads to {@code expectedRoot}. */
    public boolean verify(byte[] leafData, Digest expectedRoot) {
        return verifyLeafHash(MerkleTree.leafHash(leafData), expectedRoot);
    }

    /** True when the leaf hash at this position leads to {@code expectedRoot}. */
    public boolean verifyLeafHash(Digest leafHash, Digest expectedRoot) {
        try {
            return rootFrom(leafHash).equals(expectedRoot);
        } catch (IllegalArgumentException wrongShape) {
            return false;
        }
    }
}
