package dev.robotledger.gateway.collateral;

/**
 * What a lender sends to propose a loan against a good: the pledge it agrees to fund (its own
 * organisation is the lender), the borrower org, the offer's expiry, the private terms, and
 * optionally the event id that makes the offer idempotent (derived from the content when absent).
 */
public record LoanProposal(
        String loanId,
        String goodId,
        String borrowerOrg,
        Long principalSats,
        Long appraisedValueMinor,
        String currency,
        Integer maxLtvBps,
        Integer marginCallBps,
        Integer liquidationBps,
        String paymentHash,
        Long expiresAtEpochMillis,
        LoanTerms terms,
        String eventId) {

    public LoanProposal {
        Checks.id("borrowerOrg", borrowerOrg, 64);
        Checks.range("expiresAtEpochMillis", expiresAtEpochMillis, 1, Long.MAX_VALUE);
        if (terms == null) {
            throw new IllegalArgumentException("terms are missing: the loan's private terms travel with the offer");
        }
        if (eventId != null) {
            Checks.id("eventId", eventId);
        }
    }

    /** The same proposal with {@code hash} as the lien's release hash. */
    public LoanProposal withPaymentHash(String hash) {
        return new LoanProposal(
                loanId,
                goodId,
                borrowerOrg,
                principalSats,
                appraisedValueMinor,
                currency,
                maxLtvBps,
                marginCallBps,
                liquidationBps,
                hash,
                expiresAtEpochMillis,
                terms,
                eventId);
    }

    /** The pledge this lender agrees to fund. */
    public PledgeRequest pledge(String lenderOrg) {
        return new PledgeRequest(
                loanId,
                goodId,
                lenderOrg,
                principalSats,
                appraisedValueMinor,
                currency,
                maxLtvBps,
                marginCallBps,
                liquidationBps,
                paymentHash);
    }
}
