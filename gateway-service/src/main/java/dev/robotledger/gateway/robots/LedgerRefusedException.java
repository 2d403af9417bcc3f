package dev.robotledger.gateway.robots;

/** The ledger answered and refused the transaction; the message carries what the chaincode said. */
public class LedgerRefusedException extends RuntimeException {

    public LedgerRefusedException(String message, Throwable cause) {
        super(message, cause);
    }
}
