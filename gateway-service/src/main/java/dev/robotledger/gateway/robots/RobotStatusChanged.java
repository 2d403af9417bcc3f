package dev.robotledger.gateway.robots;

import java.time.Instant;
import java.util.Objects;

/**
 * Published (as a Spring application event) after a robot's registration or revocation is
 * committed; a repeated registration or revocation changes nothing and publishes nothing.
 */
public record RobotStatusChanged(String robotId, RobotStatus status, Instant at) {

    public RobotStatusChanged {
        if (robotId == null || robotId.isBlank()) {
            throw new IllegalArgumentException("robot id must not be blank");
        }
        Objects.requireNonNull(status, () -> "status of robot " + robotId);
        Objects.requireNonNull(at, () -> "time of the change of robot " + robotId);
    }
}
