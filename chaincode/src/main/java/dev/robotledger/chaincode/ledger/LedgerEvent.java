package dev.robotledger.chaincode.ledger;

import java.util.List;

/**
 * The payload of every chaincode event. A read model keys on {@code eventId} (the caller's
 * idempotency key) and {@code txId}, then fetches the entity by {@code entityId}.
 */
public record LedgerEvent(String eventId, String entityId, List<String> relatedIds, String txId) {

    public LedgerEvent {
        relatedIds = List.copyOf(relatedIds);
    }
}
