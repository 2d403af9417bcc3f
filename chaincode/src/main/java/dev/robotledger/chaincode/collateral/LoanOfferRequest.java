package dev.robotledger.chaincode.collateral;

import dev.robotledger.chaincode.ledger.Fields;

/**
 * The OfferLoan argument, sent by the lender: the very pledge it agrees to fund (what the
 * custodian will send with PledgeGood), the borrower org it offers to, and until when the offer
 * stands. The loan terms travel as transient data under {@code loanTerms}, as with PledgeGood;
 * the offer keeps only their SHA-256, which the pledge's terms must match.
 */
public record LoanOfferRequest(PledgeRequest pledge, String borrowerOrg, Long expiresAtEpochMillis) {

    public LoanOfferRequest {
        Fields.requirePresent("pledge", pledge);
        Fields.requireId("borrowerOrg", borrowerOrg, 64);
        Fields.requireEpochMillis("expiresAtEpochMillis", expiresAtEpochMillis);
    }
}
