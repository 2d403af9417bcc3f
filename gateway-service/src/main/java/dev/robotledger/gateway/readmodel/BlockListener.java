package dev.robotledger.gateway.readmodel;

/**
 * Told of every block the follower took from the peer, after the read model holds it (applied by
 * this gateway or, when several share the database, already by another), in block order.
 */
@FunctionalInterface
public interface BlockListener {

    void projected(LedgerBlock block);
}
