package dev.robotledger.gateway.ledger;

/**
 * The transaction was ordered but the peers marked it invalid: its id and Fabric validation code
 * (e.g. {@code ENDORSEMENT_POLICY_FAILURE}). A read conflict is reported here only once every new
 * proposal up to the bound conflicted too.
 */
public final class CommitFailedException extends LedgerException {

    private final String validationCode;
    private final int attempts;

    public CommitFailedException(
            String message, String transactionId, String validationCode, boolean conflict, int attempts) {
        this(message, transactionId, validationCode, conflict, attempts, null);
    }

    private CommitFailedException(
            String message,
            String transactionId,
            String validationCode,
            boolean conflict,
            int attempts,
            Throwable cause) {
        // Conflicts past the bound may pass later, when the keys are less contended; other codes will not.
        super(message, transactionId, conflict, cause);
        this.validationCode = validationCode;
        this.attempts = attempts;
    }

    /** The name of Fabric's {@code TxValidationCode}. */
    public String validationCode() {
        return validationCode;
    }

    /** Whether the code is one a new proposal could cure (an MVCC or phantom read conflict). */
    public boolean conflict() {
        return retryable();
    }

    /** Proposals made, the last one being the transaction id. */
    public int attempts() {
        return attempts;
    }

    @Override
    public CommitFailedException withMessage(String message) {
        return new CommitFailedException(message, transactionIdOrNull(), validationCode, conflict(), attempts, this);
    }
}
