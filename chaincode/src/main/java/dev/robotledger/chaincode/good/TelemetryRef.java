package dev.robotledger.chaincode.good;

import dev.robotledger.chaincode.ledger.Fields;

/**
 * The telemetry batch whose Merkle root covers a good's production. The anchor itself may be
 * recorded later than the good (batches close on their own schedule), so it need not exist yet.
 */
public record TelemetryRef(String batchId, String merkleRoot) {

    public TelemetryRef {
        Fields.requireId("telemetryAnchor.batchId", batchId, Fields.MAX_ID_LENGTH);
        Fields.requireSha256Hex("telemetryAnchor.merkleRoot", merkleRoot);
    }
}
