package dev.robotledger.chaincode.robot;

import dev.robotledger.chaincode.ledger.Fields;

/** The RevokeRobot argument. */
public record RobotRevocation(String robotId, String reason) {

    public RobotRevocation {
        Fields.requireId("robotId", robotId, 64);
        Fields.requireText("reason", reason, Fields.MAX_TEXT_LENGTH);
    }
}
