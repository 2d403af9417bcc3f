package dev.robotledger.gateway.journal;

/** Whether other gateways journal robot envelopes into the same database as this one. */
public enum JournalSharing {

    /** This gateway alone journals envelopes: it may keep each robot's last number in memory. */
    SOLE_WRITER,

    /**
     * Gateways sharing one subscription journal into one database: each group commit locks its
     * robots' sequences and reads them (and revocations) from the journal; a robot's first number
     * above 1 leaves the numbers below it as a gap, and a production naming a window missing in a
     * recent gap waits for it, since either may still come through another gateway.
     */
    SHARED
}
