package dev.robotledger.chaincode.robot;

public enum RobotStatus {
    ACTIVE,
    REVOKED
}
