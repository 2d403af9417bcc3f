package dev.robotledger.chaincode.access;

/** What an organisation is to the supply chain; the access-control matrix is written per role. */
public enum OrgRole {
    MANUFACTURER,
    RETAILER,
    LENDER
}
