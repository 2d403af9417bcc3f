package dev.robotledger.gateway.provenance;

public enum GoodStatus {
    ACTIVE,
    CONSUMED,
    QUARANTINED,
    RECALLED,
    SCRAPPED
}
