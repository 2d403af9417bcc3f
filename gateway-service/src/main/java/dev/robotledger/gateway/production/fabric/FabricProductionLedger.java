package dev.robotledger.gateway.production.fabric;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.robotledger.gateway.ledger.LedgerBlocks;
import dev.robotledger.gateway.ledger.LedgerCallFailedException;
import dev.robotledger.gateway.ledger.LedgerCommitFailedException;
import dev.robotledger.gateway.ledger.LedgerTransactions;
import dev.robotledger.gateway.ledger.LedgerTransactions.Committed;
import dev.robotledger.gateway.production.ContractRequest;
import dev.robotledger.gateway.production.ContractRequest.QualityCheckReport;
import dev.robotledger.gateway.production.ProductionEvent;
import dev.robotledger.gateway.production.ProductionEventRefusedException;
import dev.robotledger.gateway.production.ProductionLedger;
import dev.robotledger.gateway.production.ProductionReceipt;
import dev.robotledger.gateway.production.ProductionSubmissionException;
import dev.robotledger.gateway.production.SubmissionFailure;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import org.hyperledger.fabric.client.Contract;
import org.hyperledger.fabric.client.GatewayException;
import org.hyperledger.fabric.client.Gateway;
import org.hyperledger.fabric.client.Network;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Records production events with the chaincode's {@code RecordProduction}, {@code AssembleProduct}
 * and {@code RecordQualityCheck(eventId, request)}, through the shared submit-and-wait-for-commit
 * loop ({@link LedgerTransactions}).
 *
 * <p>Replays: the chaincode answers a known event id with the first transaction's result, the good,
 * which names the transaction that recorded it ({@code production.recordedInTxId}, or the quality
 * check's {@code txId}). When that is not the proposal's own, nothing is submitted: the original
 * committed (the world state holds only committed writes), and its block is read with qscc.
 *
 * <p>Refusals: the chaincode's error code does not travel through the peer's Gateway service, only
 * its message. So a failed endorsement counts as the chaincode's refusal only if the chaincode
 * answers the contract API's {@code org.hyperledger.fabric:GetMetadata} right after; otherwise
 * (chaincode down, not installed, wrong name) the event stays pending, like during a peer outage.
 */
final class FabricProductionLedger implements ProductionLedger {

    private static final Logger log = LoggerFactory.getLogger(FabricProductionLedger.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    static final String HEALTH_QUERY = "org.hyperledger.fabric:GetMetadata";
    static final String ENDORSEMENT_REFUSED = "ENDORSEMENT_REFUSED";

    private final String channel;
    private final Contract contract;
    private final Contract blocks;
    private final int maxConflictRetries;

    FabricProductionLedger(Gateway gateway, String channel, String chaincode, int maxConflictRetries) {
        Network network = gateway.getNetwork(channel);
        this.channel = channel;
        this.contract = network.getContract(chaincode);
        this.blocks = network.getContract(LedgerBlocks.QSCC);
        this.maxConflictRetries = maxConflictRetries;
    }

    /** The transaction's two arguments: the event id and the request's JSON. */
    static List<String> arguments(ProductionEvent event) {
        try {
            return List.of(event.eventId(), JSON.writeValueAsString(event.request()));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write the request of " + event.describe(), e);
        }
    }

    /** The parts of the chaincode's answer (the written {@code Good}) that name the recording transaction. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record RecordedGood(String id, RecordedProduction production, List<RecordedCheck> qualityChecks) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record RecordedProduction(String recordedInTxId) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record RecordedCheck(String checkId, String txId) {
    }

    @Override
    public ProductionReceipt record(ProductionEvent event) {
        List<String> arguments = arguments(event);
        String function = event.request().function();
        try {
            Committed committed = LedgerTransactions.submit(event.describe(),
                    () -> contract.newProposal(function).addArguments(arguments.toArray(String[]::new)).build(),
                    maxConflictRetries, (txId, result) -> replayed(event, txId, result));
            return new ProductionReceipt(committed.transactionId(), committed.blockNumber());
        } catch (LedgerCallFailedException e) {
            throw callFailed(event, e);
        } catch (LedgerCommitFailedException e) {
            if (e.conflict()) {
                throw new ProductionSubmissionException(SubmissionFailure.CONFLICTS_EXHAUSTED, e.getMessage(), e);
            }
            throw new ProductionEventRefusedException(e.code().name(), e.getMessage(), e);
        } catch (LedgerBlocks.UnusableAnswerException e) {
            throw unexpected(e.getMessage(), e);
        }
    }

    private RuntimeException callFailed(ProductionEvent event, LedgerCallFailedException e) {
        if (e.unreachable()) {
            return new ProductionSubmissionException(SubmissionFailure.LEDGER_UNREACHABLE, e.getMessage(), e);
        }
        if (e.phase() != LedgerCallFailedException.Phase.ENDORSE) {
            // Ordering, commit status or the block look-up of a replay: the outcome is unknown or
            // not yet readable, and the next attempt's replay check settles it.
            return new ProductionSubmissionException(SubmissionFailure.SUBMISSION_FAILED, e.getMessage(), e);
        }
        Optional<String> chaincodeDown = chaincodeUnavailable();
        if (chaincodeDown.isPresent()) {
            return new ProductionSubmissionException(SubmissionFailure.CHAINCODE_UNAVAILABLE, e.getMessage()
                    + "; and the chaincode does not answer " + HEALTH_QUERY + ": " + chaincodeDown.get(), e);
        }
        String peers = String.join("; ", e.peerMessages());
        return new ProductionEventRefusedException(ENDORSEMENT_REFUSED, "the chaincode refused " + event.describe()
                + " (transaction " + e.transactionId() + "): " + (peers.isEmpty() ? e.getMessage() : peers), e);
    }

    /** Empty when the chaincode answers its metadata query, else why not. */
    private Optional<String> chaincodeUnavailable() {
        try {
            contract.evaluateTransaction(HEALTH_QUERY);
            return Optional.empty();
        } catch (GatewayException e) {
            return Optional.of(LedgerCallFailedException.describe(e));
        }
    }

    /** The original transaction, when the answer names one other than this proposal's: then nothing is submitted. */
    private Optional<Committed> replayed(ProductionEvent event, String txId, byte[] result) {
        String recordedIn = recordingTransaction(event, txId, result);
        if (txId.equals(recordedIn)) {
            return Optional.empty();
        }
        long block = LedgerBlocks.blockOf(blocks, channel, recordedIn);
        log.info("{} was already recorded in transaction {} (block {}); replay {} not submitted", event.describe(),
                recordedIn, block, txId);
        return Optional.of(new Committed(recordedIn, block, result));
    }

    /** The transaction the chaincode's answer says recorded this event. */
    static String recordingTransaction(ProductionEvent event, String txId, byte[] result) {
        RecordedGood good;
        try {
            good = JSON.readValue(result, RecordedGood.class);
        } catch (IOException e) {
            throw unexpected("the answer to " + event.describe() + " in transaction " + txId
                    + " is not the good's JSON: " + e.getMessage(), e);
        }
        ContractRequest request = event.request();
        String recordedIn = null;
        if (good != null && request.goodId().equals(good.id())) {
            if (request instanceof QualityCheckReport) {
                recordedIn = good.qualityChecks() == null ? null : good.qualityChecks().stream()
                        .filter(check -> event.eventId().equals(check.checkId())).map(RecordedCheck::txId)
                        .findFirst().orElse(null);
            } else if (good.production() != null) {
                recordedIn = good.production().recordedInTxId();
            }
        }
        if (recordedIn == null || recordedIn.isBlank()) {
            throw unexpected("the ledger answered " + event.describe() + " in transaction " + txId + " with "
                    + new String(result, StandardCharsets.UTF_8), null);
        }
        return recordedIn;
    }

    private static ProductionSubmissionException unexpected(String message, Throwable cause) {
        return new ProductionSubmissionException(SubmissionFailure.UNEXPECTED, message, cause);
    }
}
