package dev.robotledger.chaincode.good;

/** Changes to a good that a lender holding it as collateral must hear about. */
public enum GoodIncident {
    QUALITY_FAILED,
    RECALLED,
    /** The custodian offered the good to another org (the move itself is refused while pledged). */
    CUSTODY_CHANGE_PROPOSED
}
