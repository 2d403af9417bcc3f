package dev.robotledger.chaincode.good;

/** One step of a good's custody chain. */
public record CustodyEntry(CustodyAction action, String fromOrg, String toOrg, long atEpochMillis, String txId,
        String eventId) {
}
