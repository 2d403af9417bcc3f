package dev.robotledger.contract;

/** The steps of a good's custody history, as the contract records them and clients read them. */
public enum CustodyAction {
    PRODUCED,
    PROPOSED,
    ACCEPTED,
    REJECTED,
    CANCELLED,
    /** Custody taken by the lender of a defaulted loan the good secured. */
    LIQUIDATED
}
