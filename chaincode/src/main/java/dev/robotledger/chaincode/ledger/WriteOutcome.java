package dev.robotledger.chaincode.ledger;

import java.util.List;

/**
 * What a write did: the chaincode event to emit (name, entity id, related ids) and the result
 * returned to the caller, which is also what a replay of the same event id returns.
 */
public record WriteOutcome(String eventName, String entityId, List<String> relatedIds, Object result) {

    public WriteOutcome {
        Fields.requireText("eventName", eventName, 64);
        Fields.requireText("entityId", entityId, Fields.MAX_ID_LENGTH);
        relatedIds = List.copyOf(relatedIds);
    }

    public static WriteOutcome of(String eventName, String entityId, Object result) {
        return new WriteOutcome(eventName, entityId, List.of(), result);
    }
}
