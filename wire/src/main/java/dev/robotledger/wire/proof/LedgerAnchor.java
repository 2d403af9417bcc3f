package dev.robotledger.wire.proof;

import java.util.regex.Pattern;

/**
 * Where a batch root was committed on the ledger, as the gateway recorded it. A verifier without
 * ledger access can only report it: comparing it with the chaincode's anchor record for the batch
 * root is a ledger query.
 */
public record LedgerAnchor(String transactionId, long blockNumber, String channel, String chaincode) {

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9._-]{1,250}");

    public LedgerAnchor {
        check("transactionId", transactionId);
        check("channel", channel);
        check("chaincode", chaincode);
        if (blockNumber < 0) {
            throw new IllegalArgumentException(
                    "block number of transaction " + transactionId + " is negative: " + blockNumber);
        }
    }

    private static void check(String what, String value) {
        if (value == null || !NAME.matcher(value).matches()) {
            throw new IllegalArgumentException("ledger anchor " + what + " must match " + NAME + ", got " + value);
        }
    }
}
