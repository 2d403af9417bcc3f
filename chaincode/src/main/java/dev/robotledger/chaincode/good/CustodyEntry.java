package dev.robotledger.chaincode.good;

import dev.robotledger.contract.CustodyAction;

/** One step of a good's custody chain. */
public record CustodyEntry(
        CustodyAction action, String fromOrg, String toOrg, long atEpochMillis, String txId, String eventId) {}
