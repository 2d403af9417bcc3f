package dev.robotledger.gateway.recall.fabric;

import dev.robotledger.gateway.json.Json;
import dev.robotledger.gateway.ledger.fabric.ProvenanceContractClient;
import dev.robotledger.gateway.ledger.fabric.ProvenanceContractClient.Committed;
import dev.robotledger.gateway.recall.RecallLedger;
import java.util.Map;
import tools.jackson.core.JacksonException;

/** The contract's {@code RecallGood}: the good and every product above it marked recalled. */
final class FabricRecallLedger implements RecallLedger {

    private final ProvenanceContractClient contract;

    FabricRecallLedger(ProvenanceContractClient contract) {
        this.contract = contract;
    }

    @Override
    public Recorded recallGood(String eventId, String goodId, String reason) {
        Committed committed = contract.recallGood(eventId, Map.of("goodId", goodId, "reason", reason));
        try {
            return new Recorded(
                    committed.transactionId(), committed.blockNumber(), Json.MAPPER.readTree(committed.result()));
        } catch (JacksonException e) {
            throw new IllegalStateException("the chaincode's answer is not JSON", e);
        }
    }
}
