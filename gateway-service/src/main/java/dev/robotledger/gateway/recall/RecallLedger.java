package dev.robotledger.gateway.recall;

import tools.jackson.databind.JsonNode;

/** Recalls on the ledger, raised by the producing organisation; the event id makes a retry harmless. */
public interface RecallLedger {

    /** A committed recall: its transaction and block, and the chaincode's answer (the goods it marked). */
    record Recorded(String transactionId, long blockNumber, JsonNode result) {}

    /** Recalls the good and every product it is built into, for {@code reason}. */
    Recorded recallGood(String eventId, String goodId, String reason);
}
