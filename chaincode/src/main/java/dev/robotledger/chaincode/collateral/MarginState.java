package dev.robotledger.chaincode.collateral;

/** Where a loan's loan-to-value stands against its thresholds at one recorded BTC price. */
public enum MarginState {
    /** Below the margin-call threshold. */
    OK,
    /** At or above the margin-call threshold, below the liquidation threshold. */
    MARGIN_CALL,
    /** At or above the liquidation threshold: the lender may liquidate. */
    LIQUIDATABLE
}
