package dev.robotledger.gateway.journal;

/**
 * Journaled production events by ledger state: {@code pending} until committed on the ledger or
 * refused (by the gateway's check of the contract's rules, or by the ledger). Without a ledger
 * adapter every event stays pending.
 */
public record ProductionEventCounts(long pending, long committed, long refused) {

    public ProductionEventCounts {
        if (pending < 0 || committed < 0 || refused < 0) {
            throw new IllegalArgumentException("production event counts must be non-negative, were " + pending + " / "
                    + committed + " / " + refused);
        }
    }
}
