package dev.robotledger.chaincode.provenance;

import dev.robotledger.chaincode.robot.Robot;
import dev.robotledger.chaincode.robot.RobotStatus;

/** The robot that made a good, as shown in a provenance tree (without its public key). */
public record RobotSummary(
        String id,
        String ownerOrg,
        String model,
        RobotStatus status,
        long enrolledAtEpochMillis,
        Long revokedAtEpochMillis) {

    static RobotSummary of(Robot robot) {
        return new RobotSummary(
                robot.id(),
                robot.ownerOrg(),
                robot.model(),
                robot.status(),
                robot.enrolledAtEpochMillis(),
                robot.revokedAtEpochMillis());
    }
}
