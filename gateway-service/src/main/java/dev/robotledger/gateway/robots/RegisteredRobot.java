package dev.robotledger.gateway.robots;

import java.security.PublicKey;
import java.time.Instant;
import java.util.Objects;

/** A robot known to the gateway, with the key its messages must be signed by. */
public record RegisteredRobot(String robotId, PublicKey publicKey, RobotStatus status, Instant registeredAt) {

    public RegisteredRobot {
        if (robotId == null || robotId.isBlank()) {
            throw new IllegalArgumentException("robot id must not be blank");
        }
        Objects.requireNonNull(publicKey, () -> "public key of robot " + robotId);
        Objects.requireNonNull(status, () -> "status of robot " + robotId);
        Objects.requireNonNull(registeredAt, () -> "registration time of robot " + robotId);
    }

    public boolean active() {
        return status == RobotStatus.ACTIVE;
    }

    RegisteredRobot revoked() {
        return new RegisteredRobot(robotId, publicKey, RobotStatus.REVOKED, registeredAt);
    }
}
