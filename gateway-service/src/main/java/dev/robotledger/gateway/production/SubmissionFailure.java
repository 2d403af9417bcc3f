package dev.robotledger.gateway.production;

/** Why a production event stays pending; the tag of {@code gateway_production_submission_failures_total}. */
public enum SubmissionFailure {
    /** The peer could not be reached or did not answer in time (gRPC UNAVAILABLE, DEADLINE_EXCEEDED). */
    LEDGER_UNREACHABLE,
    /** Endorsement failed and the chaincode did not answer a health query either: not its refusal. */
    CHAINCODE_UNAVAILABLE,
    /** Endorsed, but handing it to the orderer or reading its commit status failed. */
    SUBMISSION_FAILED,
    /** Every attempt up to the bound was invalidated by an MVCC or phantom read conflict. */
    CONFLICTS_EXHAUSTED,
    /** An answer the gateway cannot use, or a fault on its side (e.g. the journal). */
    UNEXPECTED
}
