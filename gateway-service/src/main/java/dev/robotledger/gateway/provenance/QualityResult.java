package dev.robotledger.gateway.provenance;

public enum QualityResult {
    PASS,
    FAIL
}
