package dev.robotledger.chaincode.collateral;

/**
 * A loan valued at one recorded BTC price: its loan-to-value, the margin left before a margin
 * call (negative once past it), and the BTC prices at which the margin call and the liquidation
 * begin. See {@link LoanToValue} for the arithmetic.
 */
public record LoanEvaluation(
        String loanId,
        String goodId,
        LienStatus status,
        String priceId,
        String currency,
        long minorUnitsPerBtc,
        long priceObservedAtEpochMillis,
        long principalSats,
        long appraisedValueMinor,
        long collateralValueSats,
        long ltvBps,
        int maxLtvBps,
        int marginCallBps,
        int liquidationBps,
        long marginLeftBps,
        long marginCallAtMinorUnitsPerBtc,
        long liquidationAtMinorUnitsPerBtc,
        MarginState state) {

    static LoanEvaluation of(Lien lien, BtcPrice price) {
        long ltv = LoanToValue.ltvBps(lien.principalSats(), lien.appraisedValueMinor(), price.minorUnitsPerBtc());
        return new LoanEvaluation(
                lien.loanId(),
                lien.goodId(),
                lien.status(),
                price.priceId(),
                price.currency(),
                price.minorUnitsPerBtc(),
                price.observedAtEpochMillis(),
                lien.principalSats(),
                lien.appraisedValueMinor(),
                LoanToValue.collateralSats(lien.appraisedValueMinor(), price.minorUnitsPerBtc()),
                ltv,
                lien.maxLtvBps(),
                lien.marginCallBps(),
                lien.liquidationBps(),
                lien.marginCallBps() - ltv,
                LoanToValue.priceReaching(lien.marginCallBps(), lien.principalSats(), lien.appraisedValueMinor()),
                LoanToValue.priceReaching(lien.liquidationBps(), lien.principalSats(), lien.appraisedValueMinor()),
                LoanToValue.state(ltv, lien.marginCallBps(), lien.liquidationBps()));
    }
}
