package dev.robotledger.gateway.ledger;

import dev.robotledger.contract.ErrorCode;
import dev.robotledger.contract.Refusal;

/**
 * The chaincode refused the transaction or query with one of the contract's error codes, read
 * from the refusal's stable format ({@link Refusal}); nothing was written and a retry of the same
 * request is refused again.
 */
public final class ChaincodeRefusedException extends LedgerException {

    private final Refusal refusal;

    public ChaincodeRefusedException(Refusal refusal, String transactionId, Throwable cause) {
        this(
                refusal.detail() + " (" + refusal.code() + ", transaction " + transactionId + ")",
                refusal,
                transactionId,
                cause);
    }

    private ChaincodeRefusedException(String message, Refusal refusal, String transactionId, Throwable cause) {
        super(message, transactionId, false, cause);
        this.refusal = refusal;
    }

    @Override
    public ChaincodeRefusedException withMessage(String message) {
        return new ChaincodeRefusedException(message, refusal, transactionIdOrNull(), this);
    }

    public ErrorCode code() {
        return refusal.code();
    }

    /** The chaincode's words, naming the offending id. */
    public String detail() {
        return refusal.detail();
    }
}
