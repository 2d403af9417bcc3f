package dev.robotledger.gateway.telemetry;

/**
 * Puts a batch's Merkle root on the ledger. This is the port the Fabric Gateway adapter will
 * implement; there is no production implementation yet, so batches stay in state
 * {@code PENDING_SUBMISSION} in the journal until one exists.
 */
public interface AnchorSubmitter {

    /**
     * Submits the anchor transaction for {@code batch} and waits for it to commit. Must be
     * idempotent by {@link AnchorBatch#batchId()}: a retry after a lost answer may not anchor twice.
     */
    AnchorReceipt submit(AnchorBatch batch);
}
