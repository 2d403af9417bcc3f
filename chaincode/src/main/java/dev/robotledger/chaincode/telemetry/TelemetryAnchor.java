package dev.robotledger.chaincode.telemetry;

import dev.robotledger.chaincode.ledger.StateKey;
import java.util.List;

/** A recorded telemetry anchor, stored under {@code anchor/<batchId>}. */
public record TelemetryAnchor(
        String batchId,
        String merkleRoot,
        long readingCount,
        long fromEpochMillis,
        long toEpochMillis,
        List<String> robotIds,
        String submittedByOrg,
        long recordedAtEpochMillis,
        String txId) {

    public TelemetryAnchor {
        robotIds = List.copyOf(robotIds);
    }

    static StateKey key(String batchId) {
        return StateKey.of("anchor", batchId);
    }
}
