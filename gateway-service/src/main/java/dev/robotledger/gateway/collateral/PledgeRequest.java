package dev.robotledger.gateway.collateral;

/**
 * The contract's {@code PledgeGood} request, field for field: what the lender offers to fund
 * ({@code OfferLoan} carries it) and what the custodian pledges to accept the offer.
 * {@code paymentHash} is the SHA-256 of the Lightning preimage that will prove repayment.
 */
public record PledgeRequest(
        String loanId,
        String goodId,
        String lenderOrg,
        Long principalSats,
        Long appraisedValueMinor,
        String currency,
        Integer maxLtvBps,
        Integer marginCallBps,
        Integer liquidationBps,
        String paymentHash) {

    public PledgeRequest {
        Checks.id("loanId", loanId);
        Checks.id("goodId", goodId);
        Checks.id("lenderOrg", lenderOrg, 64);
        Checks.range("principalSats", principalSats, 1, Checks.MAX_SATS);
        Checks.range("appraisedValueMinor", appraisedValueMinor, 1, Checks.MAX_MINOR_UNITS);
        Checks.currency("currency", currency);
        long max = Checks.range("maxLtvBps", bps(maxLtvBps), 1, 10_000);
        long call = Checks.range("marginCallBps", bps(marginCallBps), 1, 10_000);
        long liquidation = Checks.range("liquidationBps", bps(liquidationBps), 1, 10_000);
        if (!(max < call && call < liquidation)) {
            throw new IllegalArgumentException(
                    "loan " + loanId + " needs maxLtvBps < marginCallBps < liquidationBps, was " + max + ", " + call
                            + ", " + liquidation);
        }
        Checks.hex64("paymentHash", paymentHash);
    }

    private static Long bps(Integer value) {
        return value == null ? null : value.longValue();
    }
}
