package dev.robotledger.gateway.telemetry;

import dev.robotledger.gateway.ledger.ChaincodeRefusedException;
import dev.robotledger.gateway.ledger.ChaincodeUnavailableException;
import dev.robotledger.gateway.ledger.CommitFailedException;
import dev.robotledger.gateway.ledger.LedgerException;
import dev.robotledger.gateway.ledger.LedgerUnreachableException;

/** Why a batch's anchor did not reach the ledger; the tag of {@code gateway_anchor_submission_failures_total}. */
public enum AnchorFailure {
    /** The peer or orderer did not answer, or the commit status could not be read. */
    LEDGER_UNREACHABLE,
    /** The peer answered but could not run the chaincode (stopped, being upgraded, not installed). */
    CHAINCODE_UNAVAILABLE,
    /** The chaincode refused the anchor with one of its error codes. */
    REFUSED,
    /** Every attempt up to the bound was invalidated by an MVCC or phantom read conflict. */
    CONFLICTS_EXHAUSTED,
    /** Committed with a validation code other than VALID that a new proposal cannot cure. */
    INVALID_TRANSACTION,
    /** An answer the adapter cannot use, or a fault on our side (e.g. the journal). */
    UNEXPECTED;

    /** The tag of a ledger failure. */
    public static AnchorFailure of(LedgerException failure) {
        if (failure instanceof LedgerUnreachableException) {
            return LEDGER_UNREACHABLE;
        }
        if (failure instanceof ChaincodeUnavailableException) {
            return CHAINCODE_UNAVAILABLE;
        }
        if (failure instanceof ChaincodeRefusedException) {
            return REFUSED;
        }
        return ((CommitFailedException) failure).conflict() ? CONFLICTS_EXHAUSTED : INVALID_TRANSACTION;
    }
}
