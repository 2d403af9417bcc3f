package dev.robotledger.contract;

/** The keys of the transient map (private data that never reaches a block) the contract reads. */
public final class TransientData {

    /** The loan terms of {@code OfferLoan} and {@code PledgeGood}, as canonical JSON. */
    public static final String LOAN_TERMS = "loanTerms";

    private TransientData() {}
}
