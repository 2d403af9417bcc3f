package dev.robotledger.contract.bitcoin;

import java.util.ArrayList;
import java.util.List;

/**
 * Where a transaction sits under a block's merkle root: its position and the sibling hashes from
 * the transaction up (Bitcoin's tree: double SHA-256 of the two children, the last node of an odd
 * level paired with itself). Hashes are written as Bitcoin shows them.
 *
 * @param index    the transaction's position in the block, 0 for the coinbase
 * @param siblings the hashes beside the path, bottom-up
 */
public record BitcoinMerklePath(long index, List<String> siblings) {

    /** A block holds far fewer than 2^32 transactions. */
    public static final int MAX_DEPTH = 32;

    public BitcoinMerklePath {
        if (index < 0) {
            throw new BitcoinFormatException("the transaction index must be >= 0, got " + index);
        }
        siblings = List.copyOf(siblings);
        if (siblings.size() > MAX_DEPTH || index >= 1L << siblings.size()) {
            throw new BitcoinFormatException("a merkle path of " + siblings.size() + " hashes cannot place transaction "
                    + index + " (at most " + MAX_DEPTH + " hashes, index below 2^hashes)");
        }
        siblings.forEach(sibling -> Hashes.internal(sibling, "a merkle path hash"));
    }

    /** The path of the transaction at {@code index} among a block's transaction ids. */
    public static BitcoinMerklePath of(List<String> txids, int index) {
        if (index < 0 || index >= txids.size()) {
            throw new IllegalArgumentException("transaction " + index + " of a block of " + txids.size());
        }
        List<byte[]> level = new ArrayList<>(
                txids.stream().map(txid -> Hashes.internal(txid, "a txid")).toList());
        List<String> siblings = new ArrayList<>();
        int position = index;
        while (level.size() > 1) {
            if (level.size() % 2 == 1) {
                level.add(level.get(level.size() - 1));
            }
            siblings.add(Hashes.display(level.get(position ^ 1)));
            List<byte[]> up = new ArrayList<>();
            for (int i = 0; i < level.size(); i += 2) {
                up.add(Hashes.doubleSha256(level.get(i), level.get(i + 1)));
            }
            level = up;
            position /= 2;
        }
        return new BitcoinMerklePath(index, siblings);
    }

    /** The merkle root the path leads to from {@code txid}, as Bitcoin shows it. */
    public String rootFrom(String txid) {
        byte[] node = Hashes.internal(txid, "txid");
        long position = index;
        for (String sibling : siblings) {
            byte[] other = Hashes.internal(sibling, "a merkle path hash");
            node = (position & 1) == 0 ? Hashes.doubleSha256(node, other) : Hashes.doubleSha256(other, node);
            position >>= 1;
        }
        return Hashes.display(node);
    }
}
