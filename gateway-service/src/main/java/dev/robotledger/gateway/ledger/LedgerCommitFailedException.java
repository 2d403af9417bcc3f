package dev.robotledger.gateway.ledger;

import org.hyperledger.fabric.protos.peer.TxValidationCode;

/**
 * The transaction was ordered but the peers marked it invalid: its id and validation code. A
 * conflict is reported here only once every new proposal up to the bound conflicted too.
 */
public final class LedgerCommitFailedException extends RuntimeException {

    private final String transactionId;
    private final TxValidationCode code;
    private final int attempts;

    LedgerCommitFailedException(String what, String transactionId, TxValidationCode code, int attempts) {
        super(what + " was not committed: transaction " + transactionId + " is " + code + " (" + code.getNumber()
                + ") after " + attempts + " attempt(s)");
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

    /** Proposals made, the last one being {@link #transactionId()}. */
    public int attempts() {
        return attempts;
    }

    /** Whether the code is one a new proposal could cure (a read conflict). */
    public boolean conflict() {
        return LedgerTransactions.retryable(code);
    }
}
