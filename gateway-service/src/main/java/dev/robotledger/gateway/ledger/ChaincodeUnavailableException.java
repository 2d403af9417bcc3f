package dev.robotledger.gateway.ledger;

/**
 * The peer answered but could not run the chaincode (stopped, not installed, not reachable from
 * the peer, being upgraded): its error carries no refusal of the contract. Nothing was written; a
 * retry may succeed once the chaincode is back.
 */
public final class ChaincodeUnavailableException extends LedgerException {

    public ChaincodeUnavailableException(String message, String transactionId, Throwable cause) {
        super(message, transactionId, true, cause);
    }

    @Override
    public ChaincodeUnavailableException withMessage(String message) {
        return new ChaincodeUnavailableException(message, transactionIdOrNull(), this);
    }
}
