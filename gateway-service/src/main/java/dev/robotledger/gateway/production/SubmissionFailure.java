package dev.robotledger.gateway.production;

import dev.robotledger.gateway.ledger.ChaincodeUnavailableException;
import dev.robotledger.gateway.ledger.LedgerException;
import dev.robotledger.gateway.ledger.LedgerUnreachableException;

/** Why a production event stays pending; the tag of {@code gateway_production_submission_failures_total}. */
public enum SubmissionFailure {
    /** The peer or orderer did not answer, or the commit status could not be read. */
    LEDGER_UNREACHABLE,
    /** The peer answered but could not run the chaincode (stopped, being upgraded, not installed). */
    CHAINCODE_UNAVAILABLE,
    /** Every attempt up to the bound was invalidated by an MVCC or phantom read conflict. */
    CONFLICTS_EXHAUSTED,
    /** An answer the gateway cannot use, or a fault on its side (e.g. the journal). */
    UNEXPECTED;

    /** The tag of a ledger failure a retry may cure ({@link LedgerException#retryable()}). */
    static SubmissionFailure of(LedgerException failure) {
        if (failure instanceof LedgerUnreachableException) {
            return LEDGER_UNREACHABLE;
        }
        if (failure instanceof ChaincodeUnavailableException) {
            return CHAINCODE_UNAVAILABLE;
        }
        return failure.retryable() ? CONFLICTS_EXHAUSTED : UNEXPECTED;
    }
}
