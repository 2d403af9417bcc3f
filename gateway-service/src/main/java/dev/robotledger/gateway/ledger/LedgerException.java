package dev.robotledger.gateway.ledger;

import java.util.Optional;

/**
 * A ledger call that did not do what was asked, by what happened: the ledger could not be
 * reached ({@link LedgerUnreachableException}), the peer could not run the chaincode
 * ({@link ChaincodeUnavailableException}), the chaincode refused with one of its error codes
 * ({@link ChaincodeRefusedException}), or the transaction was ordered and committed invalid
 * ({@link CommitFailedException}). Each carries the transaction id when there was one.
 */
public abstract sealed class LedgerException extends RuntimeException
        permits LedgerUnreachableException,
                ChaincodeUnavailableException,
                ChaincodeRefusedException,
                CommitFailedException {

    private final String transactionId;
    private final boolean retryable;

    LedgerException(String message, String transactionId, boolean retryable, Throwable cause) {
        super(message, cause);
        this.transactionId = transactionId;
        this.retryable = retryable;
    }

    /** The transaction the call was for; empty when it failed before there was one. */
    public Optional<String> transactionId() {
        return Optional.ofNullable(transactionId);
    }

    /** Whether the same request may succeed later (a retry with the same event id is a replay). */
    public boolean retryable() {
        return retryable;
    }

    /** The same failure told in the caller's words, e.g. what it means for the caller's own state; this is its cause. */
    public abstract LedgerException withMessage(String message);

    String transactionIdOrNull() {
        return transactionId;
    }
}
