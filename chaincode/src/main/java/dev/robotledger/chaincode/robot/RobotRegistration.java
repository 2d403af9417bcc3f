package dev.robotledger.chaincode.robot;

import dev.robotledger.chaincode.ledger.Fields;

/** The RegisterRobot argument. The public key is checked and normalised on construction. */
public record RobotRegistration(String robotId, String model, String site, String line, String station,
        String publicKeyPem) {

    public RobotRegistration {
        Fields.requireId("robotId", robotId, 64);
        Fields.requireText("model", model, Fields.MAX_TEXT_LENGTH);
        Fields.requireText("site", site, 64);
        Fields.requireText("line", line, 64);
        Fields.requireText("station", station, 64);
        publicKeyPem = P256PublicKey.normalize(robotId, publicKeyPem);
    }
}
