package dev.robotledger.gateway.collateral;

/**
 * The chaincode refused a collateral transaction or query, for a reason it names with one of its
 * error codes ({@code GOOD_ENCUMBERED}, {@code NOT_LENDER}, ...). The peer's Gateway service
 * carries only the chaincode's message, so the code is recognised from that message
 * ({@code collateral.fabric.ChaincodeRefusals}); the message is the chaincode's own.
 */
public class LoanRefusedException extends RuntimeException {

    private final String code;

    public LoanRefusedException(String code, String message, Throwable cause) {
        super(message, cause);
        this.code = code;
    }

    /** The contract's error code. */
    public String code() {
        return code;
    }
}
