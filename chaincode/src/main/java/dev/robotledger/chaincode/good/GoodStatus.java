package dev.robotledger.chaincode.good;

public enum GoodStatus {
    ACTIVE,
    /** Built into an assembly; its parent is recorded. */
    CONSUMED,
    /** A quality check failed; only an operator's disposition releases it (ACTIVE) or scraps it. */
    QUARANTINED,
    RECALLED,
    /** Quarantined, then scrapped by an operator's disposition; final. */
    SCRAPPED
}
