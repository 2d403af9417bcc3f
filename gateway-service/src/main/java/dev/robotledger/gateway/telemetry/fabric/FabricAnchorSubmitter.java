package dev.robotledger.gateway.telemetry.fabric;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import dev.robotledger.gateway.json.Json;
import dev.robotledger.gateway.ledger.fabric.ProvenanceContractClient;
import dev.robotledger.gateway.ledger.fabric.ProvenanceContractClient.Committed;
import dev.robotledger.gateway.telemetry.AnchorBatch;
import dev.robotledger.gateway.telemetry.AnchorReceipt;
import dev.robotledger.gateway.telemetry.AnchorSubmitter;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;

/**
 * Anchors a batch with the contract's {@code RecordAnchor(eventId, AnchorReport)}. The event id
 * is derived from the batch (its id and root), so a retry after a lost answer is a replay that
 * the chaincode answers with the first transaction's result and does not record again.
 */
final class FabricAnchorSubmitter implements AnchorSubmitter {

    private static final Logger log = LoggerFactory.getLogger(FabricAnchorSubmitter.class);

    private final ProvenanceContractClient ledger;
    private final String channel;
    private final String chaincode;

    FabricAnchorSubmitter(ProvenanceContractClient ledger, String channel, String chaincode) {
        this.ledger = ledger;
        this.channel = channel;
        this.chaincode = chaincode;
    }

    /** The RecordAnchor argument, field for field the chaincode's {@code AnchorReport}. */
    record AnchorReport(
            String batchId,
            String merkleRoot,
            long readingCount,
            long fromEpochMillis,
            long toEpochMillis,
            List<String> robotIds) {

        static AnchorReport of(AnchorBatch batch) {
            return new AnchorReport(
                    Long.toString(batch.batchId()),
                    batch.merkleRoot().hex(),
                    batch.readingCount(),
                    batch.fromEpochMillis(),
                    batch.toEpochMillis(),
                    batch.robotIds());
        }
    }

    /** The part of the chaincode's answer (the recorded {@code TelemetryAnchor}) the receipt needs. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record RecordedAnchor(String batchId, String merkleRoot, String txId) {}

    /** One event id per batch and root: equal for every retry of the batch, different for any other batch. */
    static String eventId(AnchorBatch batch) {
        return "anchor-" + batch.batchId() + "-" + batch.merkleRoot().hex();
    }

    @Override
    public AnchorReceipt submit(AnchorBatch batch) {
        Committed committed = ledger.recordAnchor(
                eventId(batch), AnchorReport.of(batch), (txId, result) -> replayed(batch, txId, result));
        return new AnchorReceipt(committed.transactionId(), committed.blockNumber(), channel, chaincode);
    }

    /** The original transaction, when the answer names one other than this proposal's: then nothing is submitted. */
    private Optional<Committed> replayed(AnchorBatch batch, String txId, byte[] result) {
        RecordedAnchor answer = answer(batch, txId, result);
        if (txId.equals(answer.txId())) {
            return Optional.empty();
        }
        // The peer's world state holds only committed writes, so the event record it answered
        // from proves the original transaction committed.
        long block = ledger.blockOf(answer.txId());
        log.info(
                "batch {} was already anchored in transaction {} (block {}); replay {} not submitted",
                batch.batchId(),
                answer.txId(),
                block,
                txId);
        return Optional.of(new Committed(answer.txId(), block, result));
    }

    private static RecordedAnchor answer(AnchorBatch batch, String txId, byte[] result) {
        RecordedAnchor answer;
        try {
            answer = Json.MAPPER.readValue(result, RecordedAnchor.class);
        } catch (JacksonException e) {
            throw new IllegalStateException(
                    "the answer to anchor transaction " + txId + " of batch " + batch.batchId()
                            + " is not the recorded anchor's JSON: " + e.getMessage(),
                    e);
        }
        if (answer == null
                || answer.txId() == null
                || answer.txId().isBlank()
                || !Long.toString(batch.batchId()).equals(answer.batchId())
                || !batch.merkleRoot().hex().equals(answer.merkleRoot())) {
            throw new IllegalStateException("the ledger answered anchor transaction " + txId + " of batch "
                    + batch.batchId() + " (root " + batch.merkleRoot().hex() + ") with "
                    + new String(result, StandardCharsets.UTF_8));
        }
        return answer;
    }
}
