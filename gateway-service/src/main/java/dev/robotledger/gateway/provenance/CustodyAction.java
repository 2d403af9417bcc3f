package dev.robotledger.gateway.provenance;

/** The steps of a custody chain, as the chaincode names them. */
public enum CustodyAction {
    PRODUCED,
    PROPOSED,
    ACCEPTED,
    REJECTED,
    CANCELLED,
    LIQUIDATED
}
