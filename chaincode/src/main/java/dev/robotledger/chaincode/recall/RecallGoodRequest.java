package dev.robotledger.chaincode.recall;

import dev.robotledger.chaincode.ledger.Fields;

/** The RecallGood argument: one defective good (component or assembly). */
public record RecallGoodRequest(String goodId, String reason) {

    public RecallGoodRequest {
        Fields.requireGoodId("goodId", goodId);
        Fields.requireText("reason", reason, Fields.MAX_TEXT_LENGTH);
    }
}
