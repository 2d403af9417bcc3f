package dev.robotledger.chaincode.robot;

import dev.robotledger.chaincode.ledger.Fields;
import dev.robotledger.chaincode.ledger.Refusals;
import dev.robotledger.contract.ErrorCode;
import dev.robotledger.contract.RobotCapability;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;

/**
 * The RegisterRobot argument. The public key is checked and normalised on construction; the
 * capabilities (at least one, each once) are kept in the enum's order.
 */
public record RobotRegistration(
        String robotId,
        String model,
        String site,
        String line,
        String station,
        List<RobotCapability> capabilities,
        String publicKeyPem) {

    public RobotRegistration {
        Fields.requireId("robotId", robotId, 64);
        Fields.requireText("model", model, Fields.MAX_TEXT_LENGTH);
        Fields.requireText("site", site, 64);
        Fields.requireText("line", line, 64);
        Fields.requireText("station", station, 64);
        Fields.requirePresent("capabilities", capabilities);
        if (capabilities.isEmpty() || capabilities.contains(null)) {
            throw Refusals.of(
                    ErrorCode.INVALID_ARGUMENT,
                    "capabilities of robot " + robotId + " must name at least one of "
                            + Arrays.toString(RobotCapability.values()) + ", was " + capabilities);
        }
        EnumSet<RobotCapability> distinct = EnumSet.copyOf(capabilities);
        if (distinct.size() != capabilities.size()) {
            throw Refusals.of(
                    ErrorCode.INVALID_ARGUMENT,
                    "capabilities of robot " + robotId + " name one twice: " + capabilities);
        }
        capabilities = List.copyOf(distinct);
        publicKeyPem = P256PublicKey.normalize(robotId, publicKeyPem);
    }
}
