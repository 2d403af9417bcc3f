package dev.robotledger.gateway.telemetry.fabric;

import dev.robotledger.gateway.ledger.LedgerTransactions;
import dev.robotledger.gateway.telemetry.AnchorFailure;
import dev.robotledger.gateway.telemetry.AnchorSubmissionException;
import org.hyperledger.fabric.protos.peer.TxValidationCode;

/**
 * The anchor transaction was ordered but the peers marked it invalid: its id and validation code.
 * A conflict ({@code MVCC_READ_CONFLICT}, {@code PHANTOM_READ_CONFLICT}) is only reported here
 * once every new proposal up to the bound conflicted too.
 */
public final class AnchorCommitFailedException extends AnchorSubmissionException {

    private final String transactionId;
    private final TxValidationCode code;
    private final int attempts;

    AnchorCommitFailedException(String batch, String transactionId, TxValidationCode code, int attempts) {
        super(LedgerTransactions.retryable(code) ? AnchorFailure.CONFLICTS_EXHAUSTED : AnchorFailure.INVALID_TRANSACTION,
                "anchor of batch " + batch + " was not committed: transaction " + transactionId + " is "
                        + code + " (" + code.getNumber() + ") after " + attempts + " attempt(s)", null);
        this.transactionId = transactionId;
        this.code = code;
        this.attempts = attempts;
    }

    public String transactionId() {
        return transactionId;
    }

    public TxValidationCode code() {
        return code;
    }

    /** Proposals made for this anchor, the last one being {@link #transactionId()}. */
    public int attempts() {
        return attempts;
    }
}
