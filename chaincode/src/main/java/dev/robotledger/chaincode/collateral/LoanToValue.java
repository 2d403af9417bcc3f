package dev.robotledger.chaincode.collateral;

import java.math.BigInteger;

/**
 * Loan-to-value in exact integer arithmetic. With P the principal in satoshis, A the appraised
 * value and X the price of one BTC, both in minor units of the same currency:
 *
 * <pre>
 *   LTV (bps)        = ceil(P * X / (A * 10^4))     the loan's fiat value over the collateral's, rounded up
 *   collateral (sat) = floor(A * 10^8 / X)          rounded down
 *   first price at which LTV reaches T bps = floor((T - 1) * A * 10^4 / P) + 1
 * </pre>
 *
 * Both roundings favour the lender (the loan looks larger, the collateral smaller), and the
 * threshold price is exact for the rounded LTV: at that price and above, LTV >= T; below it,
 * LTV < T. A rising BTC price raises LTV, because the debt is in bitcoin.
 */
final class LoanToValue {

    private static final BigInteger BPS_SCALE = BigInteger.valueOf(10_000);
    private static final BigInteger SATS_PER_BTC = BigInteger.valueOf(100_000_000);
    private static final BigInteger LONG_MAX = BigInteger.valueOf(Long.MAX_VALUE);

    private LoanToValue() {}

    static long ltvBps(long principalSats, long appraisedValueMinor, long minorUnitsPerBtc) {
        BigInteger numerator = BigInteger.valueOf(principalSats).multiply(BigInteger.valueOf(minorUnitsPerBtc));
        BigInteger denominator = BigInteger.valueOf(appraisedValueMinor).multiply(BPS_SCALE);
        return saturated(ceilDiv(numerator, denominator));
    }

    static long collateralSats(long appraisedValueMinor, long minorUnitsPerBtc) {
        return saturated(BigInteger.valueOf(appraisedValueMinor)
                .multiply(SATS_PER_BTC)
                .divide(BigInteger.valueOf(minorUnitsPerBtc)));
    }

    static long priceReaching(long thresholdBps, long principalSats, long appraisedValueMinor) {
        BigInteger below = BigInteger.valueOf(thresholdBps - 1)
                .multiply(BigInteger.valueOf(appraisedValueMinor))
                .multiply(BPS_SCALE)
                .divide(BigInteger.valueOf(principalSats));
        return saturated(below.add(BigInteger.ONE));
    }

    static MarginState state(long ltvBps, int marginCallBps, int liquidationBps) {
        if (ltvBps >= liquidationBps) {
            return MarginState.LIQUIDATABLE;
        }
        return ltvBps >= marginCallBps ? MarginState.MARGIN_CALL : MarginState.OK;
    }

    private static BigInteger ceilDiv(BigInteger numerator, BigInteger denominator) {
        BigInteger[] quotientAndRemainder = numerator.divideAndRemainder(denominator);
        return quotientAndRemainder[1].signum() == 0
                ? quotientAndRemainder[0]
                : quotientAndRemainder[0].add(BigInteger.ONE);
    }

    // Absurd but valid inputs (a tiny appraisal against a huge price) must not overflow a long.
    private static long saturated(BigInteger value) {
        return value.min(LONG_MAX).longValueExact();
    }
}
