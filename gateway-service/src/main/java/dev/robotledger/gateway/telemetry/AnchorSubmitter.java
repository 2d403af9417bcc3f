package dev.robotledger.gateway.telemetry;

/**
 * Puts a batch's Merkle root on the ledger. The production implementation is the Fabric adapter
 * in {@code telemetry.fabric}, active when {@code gateway.ledger.peer-endpoint} is set; without
 * it batches stay in state {@code PENDING_SUBMISSION} in the journal. Called from several threads at
 * once (one per batch in flight).
 */
public interface AnchorSubmitter {

    /**
     * Submits the anchor transaction for {@code batch} and waits for it to commit. Must be
     * idempotent by {@link AnchorBatch#batchId()}: a retry after a lost answer may not anchor twice,
     * and then returns the receipt of the transaction that did anchor it.
     *
     * @throws dev.robotledger.gateway.ledger.LedgerException when the ledger did not take the anchor; the
     *         batch is retried later
     */
    AnchorReceipt submit(AnchorBatch batch);
}
