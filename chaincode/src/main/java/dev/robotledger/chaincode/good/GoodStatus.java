package dev.robotledger.chaincode.good;

public enum GoodStatus {
    ACTIVE,
    /** Built into an assembly; its parent is recorded. */
    CONSUMED,
    /** A quality check failed. */
    QUARANTINED,
    RECALLED
}
