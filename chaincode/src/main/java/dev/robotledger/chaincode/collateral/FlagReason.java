package dev.robotledger.chaincode.collateral;

import dev.robotledger.chaincode.good.GoodIncident;

/** Why a loan was flagged for its lender's attention. */
public enum FlagReason {
    MARGIN_CALL,
    LIQUIDATABLE,
    QUALITY_FAILED,
    RECALLED,
    CUSTODY_CHANGE_PROPOSED;

    static FlagReason of(GoodIncident incident) {
        return switch (incident) {
            case QUALITY_FAILED -> QUALITY_FAILED;
            case RECALLED -> RECALLED;
            case CUSTODY_CHANGE_PROPOSED -> CUSTODY_CHANGE_PROPOSED;
        };
    }

    static FlagReason of(MarginState state) {
        return switch (state) {
            case MARGIN_CALL -> MARGIN_CALL;
            case LIQUIDATABLE -> LIQUIDATABLE;
            case OK -> throw new IllegalArgumentException("an OK margin is not a flag");
        };
    }
}
