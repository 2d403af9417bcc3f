package dev.robotledger.gateway.robots;

/** The ledger could not be reached or did not answer in time; the same request may be retried. */
public class LedgerUnavailableException extends RuntimeException {

    public LedgerUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
