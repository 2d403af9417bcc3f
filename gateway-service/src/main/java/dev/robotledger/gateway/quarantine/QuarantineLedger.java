package dev.robotledger.gateway.quarantine;

import dev.robotledger.contract.Disposition;
import tools.jackson.databind.JsonNode;

/**
 * The operator's disposition of a quarantined good on the ledger, as this gateway's organisation
 * (the good's custodian): released to ACTIVE or scrapped, recorded with who decided and why. The
 * event id makes a retry harmless.
 */
public interface QuarantineLedger {

    /** A committed disposition: its transaction and block, and the good as the chaincode answered it. */
    record Recorded(String transactionId, long blockNumber, JsonNode good) {}

    /** {@code producedBy} is the event id of the production that made the good; {@code operator} who decided. */
    Recorded dispose(
            String eventId, String goodId, String producedBy, Disposition decision, String operator, String reason);
}
