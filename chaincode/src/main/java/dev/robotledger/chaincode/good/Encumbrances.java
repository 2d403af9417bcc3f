package dev.robotledger.chaincode.good;

import dev.robotledger.chaincode.ledger.WorldState;

/**
 * What the supply-chain writes must ask before moving a good, and tell after changing one, when
 * goods serve as loan collateral. Implemented by the collateral feature; declared here so that
 * goods do not depend on loans.
 */
public interface Encumbrances {

    /** Refuses with {@code GOOD_ENCUMBERED}, naming the loan, when the good secures an active loan. */
    void requireUnencumbered(WorldState state, String goodId, String action);

    /**
     * Records {@code incident} on the active loan the good secures, if any. Called in the write
     * phase, after every check: it never refuses.
     */
    void report(WorldState state, String goodId, GoodIncident incident, String eventId);
}
