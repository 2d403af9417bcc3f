package dev.robotledger.gateway.provenance;

import java.util.Map;
import java.util.TreeMap;

/** One recorded inspection; {@code checkId} is the ledger event id that recorded it. */
public record QualityCheck(
        String checkId,
        String inspector,
        String checkType,
        QualityResult result,
        Map<String, Double> measurements,
        String byOrg,
        long checkedAtEpochMillis,
        String txId) {

    public QualityCheck {
        Fields.requireText("qualityCheck.checkId", checkId);
        Fields.requireText("qualityCheck.inspector", inspector);
        Fields.requireText("qualityCheck.checkType", checkType);
        Fields.requirePresent("qualityCheck.result", result);
        Fields.requireText("qualityCheck.byOrg", byOrg);
        Fields.requireEpochMillis("qualityCheck.checkedAtEpochMillis", checkedAtEpochMillis);
        Fields.requireText("qualityCheck.txId", txId);
        measurements = Map.copyOf(measurements == null ? Map.of() : measurements);
    }

    /** The measurements by name, in name order. */
    public TreeMap<String, Double> sortedMeasurements() {
        return new TreeMap<>(measurements);
    }
}
