package dev.robotledger.gateway.quarantine.fabric;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.robotledger.contract.Disposition;
import dev.robotledger.gateway.ledger.fabric.ProvenanceContractClient;
import dev.robotledger.gateway.ledger.fabric.ProvenanceContractClient.Committed;
import dev.robotledger.gateway.quarantine.QuarantineLedger;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;

/** The contract's {@code DisposeQuarantined}. */
final class FabricQuarantineLedger implements QuarantineLedger {

    private static final ObjectMapper JSON = new ObjectMapper();

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
            return new Recorded(committed.transactionId(), committed.blockNumber(), JSON.readTree(committed.result()));
        } catch (IOException e) {
            throw new UncheckedIOException("the chaincode's answer is not JSON", e);
        }
    }
}
