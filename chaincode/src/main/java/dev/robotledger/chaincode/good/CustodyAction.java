package dev.robotledger.chaincode.good;

public enum CustodyAction {
    PRODUCED,
    PROPOSED,
    ACCEPTED,
    REJECTED,
    CANCELLED,
    /** Custody taken by the lender of a defaulted loan the good secured. */
    LIQUIDATED
}
