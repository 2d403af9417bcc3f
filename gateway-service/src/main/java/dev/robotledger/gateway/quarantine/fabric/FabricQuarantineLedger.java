package dev.robotledger.gateway.quarantine.fabric;

import dev.robotledger.contract.Disposition;
import dev.robotledger.gateway.json.Json;
import dev.robotledger.gateway.ledger.fabric.ProvenanceContractClient;
import dev.robotledger.gateway.ledger.fabric.ProvenanceContractClient.Committed;
import dev.robotledger.gateway.quarantine.QuarantineLedger;
import java.util.Map;
import tools.jackson.core.JacksonException;

/** The contract's {@code DisposeQuarantined}. */
final class FabricQuarantineLedger implements QuarantineLedger {

    private final ProvenanceContractClient contract;

    FabricQuarantineLedger(ProvenanceContractClient contract) {
        this.contract = contract;
    }

    @Override
    public Recorded dispose(
            String eventId, String goodId, String producedBy, Disposition decision, String operator, String reason) {
        Committed committed = contract.disposeQuarantined(
                eventId,
                Map.of(
                        "goodId",
                        goodId,
                        "producedBy",
                        producedBy,
                        "decision",
                        decision.name(),
                        "operator",
                        operator,
                        "reason",
                        reason));
        try {
            return new Recorded(
                    committed.transactionId(), committed.blockNumber(), Json.MAPPER.readTree(committed.result()));
        } catch (JacksonException e) {
            throw new IllegalStateException("the chaincode's answer is not JSON", e);
        }
    }
}
