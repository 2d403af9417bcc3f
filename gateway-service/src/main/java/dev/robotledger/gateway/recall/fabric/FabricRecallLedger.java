package dev.robotledger.gateway.recall.fabric;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.robotledger.gateway.ledger.fabric.ProvenanceContractClient;
import dev.robotledger.gateway.ledger.fabric.ProvenanceContractClient.Committed;
import dev.robotledger.gateway.recall.RecallLedger;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;

/** The contract's {@code RecallGood}: the good and every product above it marked recalled. */
final class FabricRecallLedger implements RecallLedger {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final ProvenanceContractClient contract;

    FabricRecallLedger(ProvenanceContractClient contract) {
        this.contract = contract;
    }

    @Override
    public Recorded recallGood(String eventId, String goodId, String reason) {
        Committed committed = contract.recallGood(eventId, Map.of("goodId", goodId, "reason", reason));
        try {
            return new Recorded(committed.transactionId(), committed.blockNumber(), JSON.readTree(committed.result()));
        } catch (IOException e) {
            throw new UncheckedIOException("the chaincode's answer is not JSON", e);
        }
    }
}
