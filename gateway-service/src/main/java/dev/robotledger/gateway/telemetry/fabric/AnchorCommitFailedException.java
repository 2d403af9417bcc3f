package dev.robotledger.gateway.telemetry.fabric;

import dev.robotledger.gateway.ledger.LedgerCommitFailedException;
import dev.robotledger.gateway.telemetry.AnchorFailure;
import dev.robotledger.gateway.telemetry.AnchorSubmissionException;
import org.hyperledger.fabric.protos.peer.TxValidationCode;

/**
 * The anchor transaction was ordered but the peers marked it invalid, as an anchoring failure
 * (its reason decides the batcher's metric); the ledger's own failure, with transaction id and
 * validation code, is the cause.
 */
public final class AnchorCommitFailedException extends AnchorSubmissionException {

    private final LedgerCommitFailedException ledgerFailure;

    AnchorCommitFailedException(LedgerCommitFailedException ledgerFailure) {
        super(ledgerFailure.conflict() ? AnchorFailure.CONFLICTS_EXHAUSTED : AnchorFailure.INVALID_TRANSACTION,
                ledgerFailure.getMessage(), ledgerFailure);
        this.ledgerFailure = ledgerFailure;
    }

    public String transactionId() {
        return ledgerFailure.transactionId();
    }

    public TxValidationCode code() {
        return ledgerFailure.code();
    }

    /** Proposals made for this anchor, the last one being {@link #transactionId()}. */
    public int attempts() {
        return ledgerFailure.attempts();
    }
}
