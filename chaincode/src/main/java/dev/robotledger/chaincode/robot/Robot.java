package dev.robotledger.chaincode.robot;

import dev.robotledger.chaincode.ledger.Refusals;
import dev.robotledger.chaincode.ledger.StateKey;
import dev.robotledger.contract.ErrorCode;
import dev.robotledger.contract.RobotCapability;
import java.util.List;

/** An enrolled robot, stored under {@code robot/<id>}. */
public record Robot(
        String id,
        String ownerOrg,
        String model,
        String site,
        String line,
        String station,
        List<RobotCapability> capabilities,
        String publicKeyPem,
        RobotStatus status,
        long enrolledAtEpochMillis,
        Long revokedAtEpochMillis,
        String revocationReason) {

    static final String OBJECT_TYPE = "robot";

    public Robot {
        // Registration requires capabilities, so only a robot recorded before they existed has
        // none: it keeps what every robot could record then.
        capabilities = capabilities == null ? List.of(RobotCapability.values()) : List.copyOf(capabilities);
    }

    public static StateKey key(String robotId) {
        return StateKey.of(OBJECT_TYPE, robotId);
    }

    /** This robot, if it was registered with {@code capability}; {@code action} names the refused event. */
    public Robot requireCapability(RobotCapability capability, String action) {
        if (!capabilities.contains(capability)) {
            throw Refusals.of(
                    ErrorCode.ROBOT_NOT_CAPABLE,
                    "robot " + id + " may not " + action + ": it is registered" + " with capabilities " + capabilities
                            + ", without " + capability);
        }
        return this;
    }

    /** Whether this robot stands on the same site and line as the place given. */
    public boolean standsOn(String otherSite, String otherLine) {
        return site.equals(otherSite) && line.equals(otherLine);
    }

    Robot revoke(String reason, long atEpochMillis) {
        if (status == RobotStatus.REVOKED) {
            throw Refusals.of(ErrorCode.ROBOT_REVOKED, "robot " + id + " is already REVOKED");
        }
        return new Robot(
                id,
                ownerOrg,
                model,
                site,
                line,
                station,
                capabilities,
                publicKeyPem,
                RobotStatus.REVOKED,
                enrolledAtEpochMillis,
                atEpochMillis,
                reason);
    }
}
