package dev.robotledger.chaincode.good;

import dev.robotledger.chaincode.ledger.Fields;
import dev.robotledger.contract.FieldRules;
import java.util.Map;

/** The RecordProduction argument, and the product half of an assembly. */
public record ProductionReport(String goodId, String kind, String robotId, Long producedAtEpochMillis,
        String firmwareVersion, Map<String, Double> processParameters, Double energyWh,
        TelemetryRef telemetryAnchor) {

    public ProductionReport {
        Fields.requireGoodId("goodId", goodId);
        Fields.requireText("kind", kind, Fields.MAX_TEXT_LENGTH);
        Fields.requireId("robotId", robotId, FieldRules.MAX_NAME_LENGTH);
        Fields.requireEpochMillis("producedAtEpochMillis", producedAtEpochMillis);
        Fields.requireText("firmwareVersion", firmwareVersion, FieldRules.MAX_NAME_LENGTH);
        processParameters = Fields.requireNumbers("processParameters", processParameters);
        Fields.requireNonNegative("energyWh", energyWh);
    }
}
