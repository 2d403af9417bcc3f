package dev.robotledger.gateway.robots;

/** Whether a robot's messages are accepted. Revocation is final. */
public enum RobotStatus {
    ACTIVE,
    REVOKED
}
