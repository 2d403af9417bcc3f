package dev.robotledger.chaincode.good;

public enum CustodyAction {
    PRODUCED,
    PROPOSED,
    ACCEPTED,
    REJECTED,
    CANCELLED
}
