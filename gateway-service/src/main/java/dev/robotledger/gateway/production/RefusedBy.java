package dev.robotledger.gateway.production;

/** Who refused a production event. */
public enum RefusedBy {
    /** The gateway, applying the contract's argument rules before sending anything. */
    GATEWAY,
    /** The ledger: the chaincode at endorsement, or validation at commit. */
    LEDGER
}
