package dev.robotledger.chaincode.robot;

import dev.robotledger.chaincode.ledger.Refusals;
import dev.robotledger.chaincode.ledger.StateKey;
import dev.robotledger.contract.ErrorCode;

/** An enrolled robot, stored under {@code robot/<id>}. */
public record Robot(String id, String ownerOrg, String model, String site, String line, String station,
        String publicKeyPem, RobotStatus status, long enrolledAtEpochMillis, Long revokedAtEpochMillis,
        String revocationReason) {

    static final String OBJECT_TYPE = "robot";

    public static StateKey key(String robotId) {
        return StateKey.of(OBJECT_TYPE, robotId);
    }

    Robot revoke(String reason, long atEpochMillis) {
        if (status == RobotStatus.REVOKED) {
            throw Refusals.of(ErrorCode.ROBOT_REVOKED, "robot " + id + " is already REVOKED");
        }
        return new Robot(id, ownerOrg, model, site, line, station, publicKeyPem, RobotStatus.REVOKED,
                enrolledAtEpochMillis, atEpochMillis, reason);
    }
}
