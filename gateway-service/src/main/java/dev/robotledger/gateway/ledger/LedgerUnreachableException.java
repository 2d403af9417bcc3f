package dev.robotledger.gateway.ledger;

/**
 * The ledger did not answer: the peer could not be reached or not in time, the transaction could
 * not be handed to the orderer, or its commit status could not be read. Whether it committed is
 * then unknown; a retry with the same event id is a replay and settles it. Also what a caller
 * gets when no peer is configured at all.
 */
public final class LedgerUnreachableException extends LedgerException {

    public LedgerUnreachableException(String message) {
        super(message, null, true, null);
    }

    public LedgerUnreachableException(String message, String transactionId, Throwable cause) {
        super(message, transactionId, true, cause);
    }

    @Override
    public LedgerUnreachableException withMessage(String message) {
        return new LedgerUnreachableException(message, transactionIdOrNull(), this);
    }
}
