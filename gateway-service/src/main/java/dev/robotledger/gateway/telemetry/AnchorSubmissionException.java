package dev.robotledger.gateway.telemetry;

/**
 * An anchor that did not reach the ledger. The batch stays {@code PENDING_SUBMISSION} and the
 * batcher tries it again after a back-off; adapters subclass this to keep transport details
 * (transaction id, validation code).
 */
public class AnchorSubmissionException extends RuntimeException {

    private final AnchorFailure reason;

    public AnchorSubmissionException(AnchorFailure reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = reason;
    }

    public AnchorFailure reason() {
        return reason;
    }
}
