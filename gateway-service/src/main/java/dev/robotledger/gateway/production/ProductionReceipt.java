package dev.robotledger.gateway.production;

/** Where the ledger committed a production event: the transaction that recorded it and its block. */
public record ProductionReceipt(String transactionId, long blockNumber) {

    public ProductionReceipt {
        if (transactionId == null || transactionId.isBlank()) {
            throw new IllegalArgumentException("a production receipt needs the transaction id");
        }
        if (blockNumber < 0) {
            throw new IllegalArgumentException(
                    "block number of transaction " + transactionId + " is negative: " + blockNumber);
        }
    }
}
