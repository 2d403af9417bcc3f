package dev.robotledger.gateway.production;

/** Where a journaled production event stands with the ledger. */
public enum ProductionEventState {
    /** Not yet on the ledger: waiting for its turn, for a peer to be configured, or for the peer to be back. */
    PENDING,
    /** Committed on the ledger (the transaction that recorded it, its block). */
    COMMITTED,
    /** Refused for good, by the gateway's check of the contract's rules or by the ledger: code and message. */
    REFUSED
}
