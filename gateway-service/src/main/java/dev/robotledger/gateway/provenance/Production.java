package dev.robotledger.gateway.provenance;

import java.util.Map;
import java.util.TreeMap;

/**
 * How, where, when and by which robot a good was made; {@code telemetryAnchor} may be absent, and
 * so are the GS1 keys {@code gtin}, {@code serial} and {@code lot} of a good with a plain id.
 */
public record Production(
        String kind,
        String producerOrg,
        String robotId,
        String site,
        String line,
        String station,
        long producedAtEpochMillis,
        long recordedAtEpochMillis,
        String recordedInTxId,
        String firmwareVersion,
        Map<String, Double> processParameters,
        double energyWh,
        TelemetryAnchor telemetryAnchor,
        String gtin,
        String serial,
        String lot) {

    public Production {
        Fields.requireText("production.kind", kind);
        Fields.requireText("production.producerOrg", producerOrg);
        Fields.requireText("production.robotId", robotId);
        Fields.requireText("production.site", site);
        Fields.requireText("production.line", line);
        Fields.requireText("production.station", station);
        Fields.requireEpochMillis("production.producedAtEpochMillis", producedAtEpochMillis);
        Fields.requireEpochMillis("production.recordedAtEpochMillis", recordedAtEpochMillis);
        Fields.requireText("production.recordedInTxId", recordedInTxId);
        Fields.requireText("production.firmwareVersion", firmwareVersion);
        processParameters = Map.copyOf(processParameters == null ? Map.of() : processParameters);
    }

    /** The process parameters by name, in name order. */
    public TreeMap<String, Double> sortedProcessParameters() {
        return new TreeMap<>(processParameters);
    }
}
