package dev.robotledger.gateway.provenance;

/** The telemetry batch whose Merkle root covers a good's production. */
public record TelemetryAnchor(String batchId, String merkleRoot) {

    public TelemetryAnchor {
        Fields.requireText("telemetryAnchor.batchId", batchId);
        Fields.requireText("telemetryAnchor.merkleRoot", merkleRoot);
    }
}
