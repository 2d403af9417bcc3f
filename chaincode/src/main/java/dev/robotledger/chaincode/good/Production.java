package dev.robotledger.chaincode.good;

import java.util.Map;

/**
 * How, where and by which robot a good was made; fixed once recorded. {@code gtin}, {@code serial}
 * and {@code lot} are the good's GS1 keys (absent for a good with a plain id).
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
        TelemetryRef telemetryAnchor,
        String gtin,
        String serial,
        String lot) {

    public Production {
        processParameters = Map.copyOf(processParameters);
    }
}
