package dev.robotledger.gateway.telemetry;

/** Why a batch's anchor did not reach the ledger; the tag of {@code gateway_anchor_submission_failures_total}. */
public enum AnchorFailure {
    /** The peer did not answer in time or could not be reached (gRPC UNAVAILABLE, DEADLINE_EXCEEDED). */
    LEDGER_UNREACHABLE(false),
    /** The peer answered but endorsement failed, e.g. the chaincode refused the anchor. */
    ENDORSEMENT_REFUSED(true),
    /** Endorsed, but the orderer (through the peer) refused the transaction. */
    SUBMISSION_REFUSED(true),
    /** Every attempt up to the bound was invalidated by an MVCC or phantom read conflict. */
    CONFLICTS_EXHAUSTED(true),
    /** Committed with a validation code other than VALID that a new proposal cannot cure. */
    INVALID_TRANSACTION(true),
    /** An answer the adapter cannot use, or a fault on our side (e.g. the journal). */
    UNEXPECTED(true);

    private final boolean ledgerAnswered;

    AnchorFailure(boolean ledgerAnswered) {
        this.ledgerAnswered = ledgerAnswered;
    }

    /** Whether this failure shows that the peer was reachable. */
    public boolean ledgerAnswered() {
        return ledgerAnswered;
    }
}
