package dev.robotledger.chaincode.collateral;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LoanToValueTest {

    @Test
    void roundsLoanToValueUpAndCollateralDown() {
        // 1 sat against 3 cents at 1 cent per BTC: 1e-8 * 1 / 3 = 3.3e-9, rounded up to 1 bps.
        assertThat(LoanToValue.ltvBps(1, 3, 1)).isEqualTo(1);
        // 1 BTC at 30,000.00 USD against 100,000.00 USD: exactly 30%.
        assertThat(LoanToValue.ltvBps(100_000_000, 10_000_000, 3_000_000)).isEqualTo(3_000);
        // 100,000.00 USD at 30,000.00 USD per BTC: 3.333... BTC, rounded down.
        assertThat(LoanToValue.collateralSats(10_000_000, 3_000_000)).isEqualTo(333_333_333);
    }

    @Test
    void thresholdPriceIsTheFirstPriceAtWhichTheRoundedLoanToValueReachesTheThreshold() {
        long principal = 12_345_678;
        long appraised = 987_654_321;
        for (int threshold : new int[] {1, 6_999, 7_000, 8_000, 10_000}) {
            long price = LoanToValue.priceReaching(threshold, principal, appraised);
            assertThat(LoanToValue.ltvBps(principal, appraised, price))
                    .as("at %d", price)
                    .isGreaterThanOrEqualTo(threshold);
            assertThat(LoanToValue.ltvBps(principal, appraised, price - 1))
                    .as("at %d", price - 1)
                    .isLessThan(threshold);
        }
    }

    @Test
    void saturatesInsteadOfOverflowingOnExtremeButValidInputs() {
        assertThat(LoanToValue.ltvBps(PledgeRequest.MAX_SATS, 1, BtcPriceReport.MAX_MINOR_UNITS_PER_BTC))
                .isEqualTo(Long.MAX_VALUE);
        assertThat(LoanToValue.state(Long.MAX_VALUE, 7_000, 8_000)).isEqualTo(MarginState.LIQUIDATABLE);
    }
}
