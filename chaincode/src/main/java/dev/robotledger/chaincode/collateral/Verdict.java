package dev.robotledger.chaincode.collateral;

/** The collateral verification's single answer: eligible only when no reason was found. */
public enum Verdict {
    ELIGIBLE,
    NOT_ELIGIBLE
}
