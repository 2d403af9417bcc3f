package dev.robotledger.gateway.custody;

import tools.jackson.databind.JsonNode;

/**
 * Custody transfers on the ledger as this gateway's organisation: the custodian offers a good to
 * another organisation, which accepts or rejects it. Each write carries the caller's event id, so
 * a retry after a lost answer records nothing twice.
 */
public interface CustodyLedger {

    /** A committed write: its transaction and block, and the good as the chaincode answered it. */
    record Recorded(String transactionId, long blockNumber, JsonNode good) {}

    /** The MSP id the gateway signs as: the custodian that offers, or the organisation that accepts. */
    String mspId();

    /** Offers the good to {@code toOrg}; {@code producedBy} is the event id of the production that made it. */
    Recorded proposeTransfer(String eventId, String goodId, String producedBy, String toOrg);

    /** Accepts the transfer {@code fromOrg} (the custodian) proposed: both organisations' peers endorse it. */
    Recorded acceptTransfer(String eventId, String goodId, String fromOrg);

    Recorded rejectTransfer(String eventId, String goodId);
}
