package dev.robotledger.chaincode.good;

import java.util.Map;

/** One recorded inspection of a good; {@code checkId} is the event id that recorded it. */
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
        measurements = Map.copyOf(measurements);
    }
}
