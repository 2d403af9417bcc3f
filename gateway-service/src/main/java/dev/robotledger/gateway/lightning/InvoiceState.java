package dev.robotledger.gateway.lightning;

/** Where an invoice stands on the payee's node. */
public enum InvoiceState {
    /** Issued, not paid. */
    OPEN,
    /** A hold invoice whose payment arrived and is locked in, waiting to be settled or cancelled. */
    ACCEPTED,
    /** Paid: the payee has revealed the preimage and holds the funds. */
    SETTLED,
    /** Cancelled by the payee or expired unpaid; a locked-in payment went back to the payer. */
    CANCELED
}
