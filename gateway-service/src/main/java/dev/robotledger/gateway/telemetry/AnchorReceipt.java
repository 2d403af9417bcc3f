package dev.robotledger.gateway.telemetry;

/** Where the ledger committed an anchor transaction. */
public record AnchorReceipt(String transactionId, long blockNumber) {

    public AnchorReceipt {
        if (transactionId == null || transactionId.isBlank()) {
            throw new IllegalArgumentException("an anchor receipt needs the transaction id");
        }
        if (blockNumber < 0) {
            throw new IllegalArgumentException("block number of transaction " + transactionId + " is negative: "
                    + blockNumber);
        }
    }
}
