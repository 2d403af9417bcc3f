package dev.robotledger.chaincode.collateral;

public enum OfferStatus {
    /** Waiting for the borrower's pledge, until it expires. */
    OPEN,
    /** Pledged by the borrower: the lien of the same loan id is the loan. */
    ACCEPTED,
    /** Taken back by the lender before a pledge. */
    WITHDRAWN
}
