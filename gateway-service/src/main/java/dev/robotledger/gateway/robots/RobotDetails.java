package dev.robotledger.gateway.robots;

import dev.robotledger.contract.RobotCapability;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * What the ledger's {@code RegisterRobot} records about a robot besides its key: its model, where
 * it works and what it may record ({@code capabilities}: PRODUCE, ASSEMBLE, INSPECT, at least one,
 * each once; the contract refuses an event its robot lacks the capability for). Each part is optional while no ledger is configured (the gateway's table does
 * not keep them); with a ledger, {@link #requireComplete()} names the first one missing. The
 * bounds are the chaincode's, so a request the gateway accepts is not refused there for them.
 */
public record RobotDetails(String model, String site, String line, String station, List<String> capabilities) {

    private static final int MAX_MODEL_LENGTH = 256;
    private static final int MAX_PLACE_LENGTH = 64;

    public RobotDetails {
        check("model", model, MAX_MODEL_LENGTH);
        check("site", site, MAX_PLACE_LENGTH);
        check("line", line, MAX_PLACE_LENGTH);
        check("station", station, MAX_PLACE_LENGTH);
        if (capabilities != null) {
            Set<String> known =
                    Arrays.stream(RobotCapability.values()).map(Enum::name).collect(Collectors.toSet());
            for (String capability : capabilities) {
                if (!known.contains(capability)) {
                    throw new InvalidRegistrationException(
                            "capabilities must be among " + known + ", was " + capability);
                }
            }
            if (new HashSet<>(capabilities).size() != capabilities.size()) {
                throw new InvalidRegistrationException("capabilities name one twice: " + capabilities);
            }
            capabilities = List.copyOf(capabilities);
        }
    }

    public static RobotDetails none() {
        return new RobotDetails(null, null, null, null, null);
    }

    /** @throws InvalidRegistrationException naming the first missing field */
    public RobotDetails requireComplete(String robotId) {
        requirePresent(robotId, "model", model);
        requirePresent(robotId, "site", site);
        requirePresent(robotId, "line", line);
        requirePresent(robotId, "station", station);
        if (capabilities == null || capabilities.isEmpty()) {
            throw new InvalidRegistrationException("capabilities of robot " + robotId
                    + " are missing; name at least one" + " of " + Arrays.toString(RobotCapability.values())
                    + " when the gateway records robots on the ledger");
        }
        return this;
    }

    private static void requirePresent(String robotId, String field, String value) {
        if (value == null || value.isBlank()) {
            throw new InvalidRegistrationException(field + " of robot " + robotId
                    + " is missing; it is required when the gateway records robots on the ledger");
        }
    }

    private static void check(String field, String value, int maxLength) {
        if (value == null) {
            return;
        }
        if (value.length() > maxLength) {
            throw new InvalidRegistrationException(
                    field + " must be at most " + maxLength + " characters, was " + value.length());
        }
        if (value.chars().anyMatch(Character::isISOControl)) {
            throw new InvalidRegistrationException(field + " must not contain control characters");
        }
    }
}
