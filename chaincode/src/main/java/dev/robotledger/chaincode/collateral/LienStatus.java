package dev.robotledger.chaincode.collateral;

public enum LienStatus {
    ACTIVE,
    /** Repaid (proven by the Lightning preimage) or released by the lender. */
    RELEASED,
    /** Custody taken by the lender. */
    LIQUIDATED
}
