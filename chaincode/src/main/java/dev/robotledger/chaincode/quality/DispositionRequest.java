package dev.robotledger.chaincode.quality;

import dev.robotledger.chaincode.ledger.Fields;
import dev.robotledger.contract.Disposition;
import dev.robotledger.contract.FieldRules;

/**
 * The DisposeQuarantined argument: the decision on a quarantined good, who took it (a person's
 * reference, e.g. the operator's user name) and why; {@code producedBy} is the event id of the
 * production that made the good.
 */
public record DispositionRequest(
        String goodId, String producedBy, Disposition decision, String operator, String reason) {

    public DispositionRequest {
        Fields.requireGoodId("goodId", goodId);
        Fields.requireId("producedBy", producedBy, Fields.MAX_ID_LENGTH);
        Fields.requirePresent("decision", decision);
        Fields.requireId("operator", operator, FieldRules.MAX_NAME_LENGTH);
        Fields.requireText("reason", reason, Fields.MAX_TEXT_LENGTH);
    }
}
