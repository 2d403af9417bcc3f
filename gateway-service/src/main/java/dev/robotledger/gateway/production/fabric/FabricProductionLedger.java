package dev.robotledger.gateway.production.fabric;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import dev.robotledger.gateway.json.Json;
import dev.robotledger.gateway.ledger.fabric.ProvenanceContractClient;
import dev.robotledger.gateway.ledger.fabric.ProvenanceContractClient.Committed;
import dev.robotledger.gateway.ledger.fabric.ProvenanceContractClient.ReplayCheck;
import dev.robotledger.gateway.production.ContractRequest;
import dev.robotledger.gateway.production.ContractRequest.AssemblyReport;
import dev.robotledger.gateway.production.ContractRequest.ProductionReport;
import dev.robotledger.gateway.production.ContractRequest.QualityCheckReport;
import dev.robotledger.gateway.production.ProductionEvent;
import dev.robotledger.gateway.production.ProductionLedger;
import dev.robotledger.gateway.production.ProductionReceipt;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;

/**
 * Records production events with the contract's {@code RecordProduction}, {@code AssembleProduct}
 * and {@code RecordQualityCheck(eventId, request)}, through the contract client.
 *
 * <p>Replays: the chaincode answers a known event id with the first transaction's result, the good,
 * which names the transaction that recorded it ({@code production.recordedInTxId}, or the quality
 * check's {@code txId}). When that is not the proposal's own, nothing is submitted: the original
 * committed (the world state holds only committed writes), and its block is read with qscc.
 *
 * <p>Refusals carry the contract's error code (e.g. {@code GOOD_ALREADY_EXISTS}); a chaincode the
 * peer cannot run is no refusal, and the event stays pending, as during a peer outage.
 */
final class FabricProductionLedger implements ProductionLedger {

    private static final Logger log = LoggerFactory.getLogger(FabricProductionLedger.class);

    private final ProvenanceContractClient ledger;

    FabricProductionLedger(ProvenanceContractClient ledger) {
        this.ledger = ledger;
    }

    /** The parts of the chaincode's answer (the written {@code Good}) that name the recording transaction. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record RecordedGood(String id, RecordedProduction production, List<RecordedCheck> qualityChecks) {}

    @JsonIgnoreProperties(ignoreUnknown = true)
    record RecordedProduction(String recordedInTxId) {}

    @JsonIgnoreProperties(ignoreUnknown = true)
    record RecordedCheck(String checkId, String txId) {}

    @Override
    public ProductionReceipt record(ProductionEvent event) {
        ReplayCheck replay = (txId, result) -> replayed(event, txId, result);
        ContractRequest request = event.request();
        Committed committed;
        if (request instanceof ProductionReport report) {
            committed = ledger.recordProduction(event.eventId(), report, replay);
        } else if (request instanceof AssemblyReport assembly) {
            committed = ledger.assembleProduct(event.eventId(), assembly, replay);
        } else {
            committed = ledger.recordQualityCheck(event.eventId(), (QualityCheckReport) request, replay);
        }
        return new ProductionReceipt(committed.transactionId(), committed.blockNumber());
    }

    /** The original transaction, when the answer names one other than this proposal's: then nothing is submitted. */
    private Optional<Committed> replayed(ProductionEvent event, String txId, byte[] result) {
        String recordedIn = recordingTransaction(event, txId, result);
        if (txId.equals(recordedIn)) {
            return Optional.empty();
        }
        long block = ledger.blockOf(recordedIn);
        log.info(
                "{} was already recorded in transaction {} (block {}); replay {} not submitted",
                event.describe(),
                recordedIn,
                block,
                txId);
        return Optional.of(new Committed(recordedIn, block, result));
    }

    /** The transaction the chaincode's answer says recorded this event. */
    static String recordingTransaction(ProductionEvent event, String txId, byte[] result) {
        RecordedGood good;
        try {
            good = Json.MAPPER.readValue(result, RecordedGood.class);
        } catch (JacksonException e) {
            throw new IllegalStateException(
                    "the answer to " + event.describe() + " in transaction " + txId + " is not the good's JSON: "
                            + e.getMessage(),
                    e);
        }
        ContractRequest request = event.request();
        String recordedIn = null;
        if (good != null && request.goodId().equals(good.id())) {
            if (request instanceof QualityCheckReport) {
                recordedIn = good.qualityChecks() == null
                        ? null
                        : good.qualityChecks().stream()
                                .filter(check -> event.eventId().equals(check.checkId()))
                                .map(RecordedCheck::txId)
                                .findFirst()
                                .orElse(null);
            } else if (good.production() != null) {
                recordedIn = good.production().recordedInTxId();
            }
        }
        if (recordedIn == null || recordedIn.isBlank()) {
            throw new IllegalStateException("the ledger answered " + event.describe() + " in transaction " + txId
                    + " with " + new String(result, StandardCharsets.UTF_8));
        }
        return recordedIn;
    }
}
