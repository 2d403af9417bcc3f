package dev.robotledger.gateway.production;

import dev.robotledger.gateway.ledger.LedgerException;

/**
 * Records production events on the ledger, one transaction each. The production implementation is
 * the Fabric adapter in {@code production.fabric}, active when {@code gateway.ledger.peer-endpoint}
 * is set; without it events stay pending in the journal. Called from several threads at once (one per
 * event in flight).
 */
public interface ProductionLedger {

    /**
     * Submits the event's transaction and waits for it to commit. Must be idempotent by
     * {@link ProductionEvent#eventId()}: after a lost answer, a retry records nothing again and
     * returns the receipt of the transaction that did record it.
     *
     * @throws LedgerException when the ledger did not take it: recorded as refused when it is not
     *                         {@linkplain LedgerException#retryable() retryable} (the chaincode's code or
     *                         the validation code), else retried later, before anything that depends on it
     */
    ProductionReceipt record(ProductionEvent event);
}
