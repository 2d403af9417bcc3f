package dev.robotledger.chaincode.recall;

import dev.robotledger.chaincode.ledger.Fields;

/** The RecallRobotOutput argument: everything a robot made in [from, to] (epoch millis, inclusive). */
public record RecallRobotOutputRequest(String robotId, Long fromEpochMillis, Long toEpochMillis, String reason) {

    public RecallRobotOutputRequest {
        Fields.requireId("robotId", robotId, 64);
        Fields.requireEpochMillis("fromEpochMillis", fromEpochMillis);
        Fields.requireEpochMillis("toEpochMillis", toEpochMillis);
        Fields.requireText("reason", reason, Fields.MAX_TEXT_LENGTH);
    }
}
