package dev.robotledger.chaincode.access;

/** What an organisation is to the supply chain; the access-control matrix is written per role. */
public enum OrgRole {
    MANUFACTURER,
    RETAILER,
    LENDER,
    /** Records BTC prices; never a party to a loan, so it cannot move prices in its own favour. */
    ORACLE
}
