package dev.robotledger.chaincode.quality;

import dev.robotledger.chaincode.good.QualityResult;
import dev.robotledger.chaincode.ledger.Fields;
import dev.robotledger.contract.FieldRules;
import java.util.Map;

/**
 * The RecordQualityCheck argument; {@code inspector} is a robot id or a person/org reference;
 * {@code producedBy} is the event id of the production that made the inspected good.
 */
public record QualityCheckReport(
        String goodId,
        String producedBy,
        String inspector,
        String checkType,
        QualityResult result,
        Map<String, Double> measurements) {

    public QualityCheckReport {
        Fields.requireGoodId("goodId", goodId);
        Fields.requireId("producedBy", producedBy, Fields.MAX_ID_LENGTH);
        Fields.requireId("inspector", inspector, Fields.MAX_ID_LENGTH);
        Fields.requireText("checkType", checkType, FieldRules.MAX_NAME_LENGTH);
        Fields.requirePresent("result", result);
        measurements = Fields.requireNumbers("measurements", measurements);
    }
}
