package dev.robotledger.gateway.production;

/**
 * A production event the ledger did not take for now: it stays pending, and the submitter backs
 * off and tries it again before any later event.
 */
public class ProductionSubmissionException extends RuntimeException {

    private final SubmissionFailure reason;

    public ProductionSubmissionException(SubmissionFailure reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = reason;
    }

    public SubmissionFailure reason() {
        return reason;
    }
}
