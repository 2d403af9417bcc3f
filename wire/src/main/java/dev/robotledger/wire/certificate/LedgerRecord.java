package dev.robotledger.wire.certificate;

import dev.robotledger.wire.merkle.Digest;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Where the ledger committed one event of a good, as the issuer claims it (bound by its
 * signature; a verifier without the ledger's blocks cannot confirm it).
 *
 * @param entityId      the good the event belongs to (a transaction may touch several goods: one
 *                      record per good)
 * @param function      the chaincode function that wrote it, e.g. {@code RecordProduction}
 * @param transactionId the Fabric transaction id, as the tree's {@code txId} fields name it
 * @param blockNumber   the block that holds the transaction
 * @param blockHash     the SHA-256 of that block's header, when the issuer read it from the block
 */
public record LedgerRecord(
        String entityId, String function, String transactionId, long blockNumber, Optional<Digest> blockHash) {

    static final Pattern ID = Pattern.compile("[\\x21-\\x7e]{1,128}");
    static final Pattern TRANSACTION_ID = Pattern.compile("[A-Za-z0-9._-]{1,250}");
    private static final Pattern FUNCTION = Pattern.compile("[A-Za-z][A-Za-z0-9_]{0,63}");

    public LedgerRecord {
        requireMatch("entityId", entityId, ID);
        requireMatch("function", function, FUNCTION);
        requireMatch("transactionId", transactionId, TRANSACTION_ID);
        Objects.requireNonNull(blockHash, "blockHash (use Optional.empty())");
        requireBlockNumber(transactionId, blockNumber);
    }

    static void requireMatch(String what, String value, Pattern pattern) {
        if (value == null || !pattern.matcher(value).matches()) {
            throw new IllegalArgumentException(what + " must match " + pattern + ", got "
                    + (value == null ? "none" : "'" + Fields.abbreviate(value) + "'"));
        }
    }

    static void requireBlockNumber(String transactionId, long blockNumber) {
        if (blockNumber < 0 || blockNumber > (1L << 53) - 1) {
            throw new IllegalArgumentException("block number of transaction " + transactionId
                    + " must be between 0 and 2^53-1, got " + blockNumber);
        }
    }
}
