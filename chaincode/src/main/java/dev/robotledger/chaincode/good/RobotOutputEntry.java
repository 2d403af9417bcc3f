package dev.robotledger.chaincode.good;

/** One good in a robot's output, in production-time order. */
public record RobotOutputEntry(String goodId, long producedAtEpochMillis) {}
