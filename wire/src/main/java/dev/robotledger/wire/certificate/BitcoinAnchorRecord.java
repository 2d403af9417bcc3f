package dev.robotledger.wire.certificate;

import dev.robotledger.contract.bitcoin.BitcoinMerklePath;
import dev.robotledger.contract.bitcoin.BitcoinTransaction;
import dev.robotledger.contract.bitcoin.FabricBlockHeader;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The Bitcoin anchor that covers the certificate's newest block: the first Fabric block at or after
 * it that the channel anchored, the Bitcoin transaction whose OP_RETURN carries that block's
 * header hash, its position in its Bitcoin block, and the Fabric headers that chain the
 * certificate's newest block to the anchored one.
 *
 * @param fabricBlockNumber  the anchored Fabric block
 * @param fabricBlockHash    its header hash, as the OP_RETURN carries it
 * @param transactionId      the Fabric transaction ({@code RecordBitcoinAnchor}) that recorded the anchor
 * @param bitcoinTxid        as Bitcoin shows it
 * @param bitcoinBlockHash   the Bitcoin block that holds it, as Bitcoin shows it
 * @param bitcoinBlockHeight that block's height (informational: a header does not state it)
 * @param rawTransaction     the serialised Bitcoin transaction
 * @param merklePath         the transaction's position and path to the block's merkle root
 * @param fabricHeaders      headers of the certificate's newest block up to the anchored block, in order
 */
public record BitcoinAnchorRecord(
        long fabricBlockNumber,
        String fabricBlockHash,
        String transactionId,
        String bitcoinTxid,
        String bitcoinBlockHash,
        long bitcoinBlockHeight,
        BitcoinTransaction rawTransaction,
        BitcoinMerklePath merklePath,
        List<FabricBlockHeader> fabricHeaders) {

    /** Anchors every few hundred blocks keep the run of headers short; this bounds a hostile file. */
    public static final int MAX_HEADERS = 100_000;

    private static final Pattern HEX64 = Pattern.compile("[0-9a-f]{64}");

    public BitcoinAnchorRecord {
        LedgerRecord.requireBlockNumber(transactionId, fabricBlockNumber);
        LedgerRecord.requireMatch("fabricBlockHash", fabricBlockHash, HEX64);
        LedgerRecord.requireMatch("transactionId", transactionId, LedgerRecord.TRANSACTION_ID);
        LedgerRecord.requireMatch("bitcoinTxid", bitcoinTxid, HEX64);
        LedgerRecord.requireMatch("bitcoinBlockHash", bitcoinBlockHash, HEX64);
        if (bitcoinBlockHeight < 0) {
            throw new IllegalArgumentException("bitcoinBlockHeight must be >= 0, got " + bitcoinBlockHeight);
        }
        Objects.requireNonNull(rawTransaction, "rawTransaction");
        Objects.requireNonNull(merklePath, "merklePath");
        fabricHeaders = List.copyOf(fabricHeaders);
        if (fabricHeaders.isEmpty() || fabricHeaders.size() > MAX_HEADERS) {
            throw new IllegalArgumentException(
                    "fabricHeaders holds " + fabricHeaders.size() + " headers; 1 to " + MAX_HEADERS + " are allowed");
        }
    }
}
