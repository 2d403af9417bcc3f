package dev.robotledger.gateway.telemetry;

/**
 * Where the ledger committed an anchor transaction: the transaction that recorded the batch, its
 * block, and the channel and chaincode the submitter sent it to. Inclusion proofs name exactly
 * these, so a later change of configuration cannot make an old proof point elsewhere.
 */
public record AnchorReceipt(String transactionId, long blockNumber, String channel, String chaincode) {

    public AnchorReceipt {
        if (transactionId == null || transactionId.isBlank()) {
            throw new IllegalArgumentException("an anchor receipt needs the transaction id");
        }
        if (blockNumber < 0) {
            throw new IllegalArgumentException(
                    "block number of transaction " + transactionId + " is negative: " + blockNumber);
        }
        if (channel == null || channel.isBlank() || chaincode == null || chaincode.isBlank()) {
            throw new IllegalArgumentException("the receipt of transaction " + transactionId
                    + " must name the channel and the chaincode, got " + channel + " / " + chaincode);
        }
    }
}
