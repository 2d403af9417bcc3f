package dev.robotledger.gateway.provenance;

import dev.robotledger.contract.CustodyAction;

/** One step of a good's custody chain; {@code fromOrg} is absent on PRODUCED. */
public record CustodyEntry(
        CustodyAction action, String fromOrg, String toOrg, long atEpochMillis, String txId, String eventId) {

    public CustodyEntry {
        Fields.requirePresent("custodyEntry.action", action);
        if (action != CustodyAction.PRODUCED) {
            Fields.requireText("custodyEntry.fromOrg of " + action, fromOrg);
        }
        Fields.requireText("custodyEntry.toOrg", toOrg);
        Fields.requireEpochMillis("custodyEntry.atEpochMillis", atEpochMillis);
        Fields.requireText("custodyEntry.txId", txId);
        Fields.requireText("custodyEntry.eventId", eventId);
    }
}
