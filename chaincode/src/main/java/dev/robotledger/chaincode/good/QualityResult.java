package dev.robotledger.chaincode.good;

public enum QualityResult {
    PASS,
    FAIL
}
