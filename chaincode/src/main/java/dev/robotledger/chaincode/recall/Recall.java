package dev.robotledger.chaincode.recall;

import dev.robotledger.chaincode.ledger.StateKey;
import java.util.List;

/**
 * A recorded recall, stored under {@code recall/<eventId>}: the goods named by it (a good, or a
 * robot's output in a window) and every downstream product that contains one of them.
 */
public record Recall(
        String recallId,
        String goodId,
        String robotId,
        Long fromEpochMillis,
        Long toEpochMillis,
        String reason,
        String byOrg,
        long atEpochMillis,
        String txId,
        List<String> recalledGoodIds,
        List<String> downstreamGoodIds) {

    public Recall {
        recalledGoodIds = List.copyOf(recalledGoodIds);
        downstreamGoodIds = List.copyOf(downstreamGoodIds);
    }

    static StateKey key(String recallId) {
        return StateKey.of("recall", recallId);
    }
}
