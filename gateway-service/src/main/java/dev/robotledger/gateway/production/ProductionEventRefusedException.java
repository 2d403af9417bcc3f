package dev.robotledger.gateway.production;

/**
 * The ledger refused a production event, for a reason a retry does not cure (the chaincode said
 * no at endorsement, or the transaction committed invalid with a code other than a conflict).
 * The event is recorded as refused with {@link #code()} and the message and the next one goes on.
 */
public class ProductionEventRefusedException extends RuntimeException {

    private final String code;

    public ProductionEventRefusedException(String code, String message, Throwable cause) {
        super(message, cause);
        this.code = code;
    }

    /** {@code ENDORSEMENT_REFUSED} (the chaincode's message is in the text) or a Fabric validation code. */
    public String code() {
        return code;
    }
}
