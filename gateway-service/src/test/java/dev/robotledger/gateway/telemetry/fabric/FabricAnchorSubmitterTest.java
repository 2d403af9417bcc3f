package dev.robotledger.gateway.telemetry.fabric;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.robotledger.contract.ContractTransaction;
import dev.robotledger.contract.ErrorCode;
import dev.robotledger.gateway.ledger.ChaincodeRefusedException;
import dev.robotledger.gateway.ledger.ChaincodeUnavailableException;
import dev.robotledger.gateway.ledger.CommitFailedException;
import dev.robotledger.gateway.ledger.InProcessPeer;
import dev.robotledger.gateway.ledger.LedgerUnreachableException;
import dev.robotledger.gateway.ledger.fabric.ProvenanceContractClient;
import dev.robotledger.gateway.telemetry.AnchorBatch;
import dev.robotledger.gateway.telemetry.AnchorFailure;
import dev.robotledger.gateway.telemetry.AnchorReceipt;
import dev.robotledger.ledger.embedded.ContractPeer;
import dev.robotledger.ledger.embedded.ContractPeer.Committed;
import dev.robotledger.ledger.embedded.ContractPeer.ReceivedProposal;
import dev.robotledger.wire.merkle.Digest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.hyperledger.fabric.protos.peer.TxValidationCode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * The Fabric anchor adapter and the real fabric-gateway client against {@link ContractPeer}, a
 * peer test double running the real contract, over an in-process gRPC transport (no Fabric
 * network can run here).
 */
class FabricAnchorSubmitterTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX_CONFLICT_RETRIES = 2;
    private static final long FIRST_BLOCK = 7;
    private static final String RECORD_ANCHOR = ContractTransaction.RECORD_ANCHOR.functionName();

    @TempDir
    Path dir;

    private final ContractPeer peer = new ContractPeer(FIRST_BLOCK);
    private InProcessPeer served;
    private FabricAnchorSubmitter submitter;

    private final AnchorBatch batch = new AnchorBatch(
            41,
            Digest.sha256("batch 41".getBytes(StandardCharsets.UTF_8)),
            3,
            250,
            Instant.parse("2026-12-03T10:00:00.123Z"),
            Instant.parse("2026-12-03T10:00:04.987Z"),
            List.of("welder-2", "press-7", "press-7"),
            Instant.parse("2026-12-03T09:59:59.870Z").toEpochMilli(),
            Instant.parse("2026-12-03T10:00:04.950Z").toEpochMilli());

    @BeforeEach
    void connect() throws Exception {
        // The batch's robots, registered by the manufacturer (RecordAnchor refuses others).
        KeyPairGenerator p256 = KeyPairGenerator.getInstance("EC");
        p256.initialize(new ECGenParameterSpec("secp256r1"));
        for (String robotId : List.of("press-7", "welder-2")) {
            peer.registerRobot(
                    "ManufacturerMSP", robotId, p256.generateKeyPair().getPublic());
        }
        served = InProcessPeer.start(peer, dir);
        submitter = new FabricAnchorSubmitter(
                new ProvenanceContractClient(
                        served.connect("ManufacturerMSP"), "provenance", "provenance", MAX_CONFLICT_RETRIES),
                "provenance",
                "provenance");
    }

    @AfterEach
    void close() throws Exception {
        served.close();
    }

    @Test
    void anchorTransactionCarriesTheBatchUnderADeterministicEventIdSignedAsTheConfiguredMsp() throws Exception {
        long nextBlock = peer.height();

        AnchorReceipt receipt = submitter.submit(batch);

        List<ReceivedProposal> proposals = peer.proposals();
        assertThat(proposals).hasSize(1);
        ReceivedProposal proposal = proposals.get(0);
        assertThat(proposal.rpc()).isEqualTo("Endorse");
        assertThat(proposal.channel()).isEqualTo("provenance");
        assertThat(proposal.chaincode()).isEqualTo("provenance");
        assertThat(proposal.function()).isEqualTo(RECORD_ANCHOR);
        assertThat(proposal.creatorMspId()).isEqualTo("ManufacturerMSP");
        assertThat(proposal.signatureValid())
                .as("proposal signed by the identity's key")
                .isTrue();
        assertThat(peer.submittedSignatureValid(proposal.transactionId()))
                .as("transaction signed")
                .isTrue();

        assertThat(proposal.args()).hasSize(2);
        assertThat(proposal.args().get(0))
                .isEqualTo("anchor-41-" + batch.merkleRoot().hex());
        JsonNode report = JSON.readTree(proposal.args().get(1));
        assertThat(report.properties())
                .extracting(entry -> entry.getKey())
                .containsExactlyInAnyOrder(
                        "batchId", "merkleRoot", "readingCount", "fromEpochMillis", "toEpochMillis", "robotIds");
        assertThat(report.get("batchId").asString()).isEqualTo("41");
        assertThat(report.get("merkleRoot").asString())
                .isEqualTo(batch.merkleRoot().hex())
                .hasSize(64);
        assertThat(report.get("readingCount").asLong()).isEqualTo(250);
        assertThat(report.get("fromEpochMillis").asLong())
                .as("the windows' signing times, not their receipt")
                .isEqualTo(Instant.parse("2026-12-03T09:59:59.870Z").toEpochMilli());
        assertThat(report.get("toEpochMillis").asLong())
                .isEqualTo(Instant.parse("2026-12-03T10:00:04.950Z").toEpochMilli());
        assertThat(report.get("robotIds")).extracting(JsonNode::asString).containsExactly("press-7", "welder-2");

        assertThat(receipt)
                .isEqualTo(new AnchorReceipt(proposal.transactionId(), nextBlock, "provenance", "provenance"));
        assertThat(anchorEvents())
                .containsExactly(Map.entry("anchor-41-" + batch.merkleRoot().hex(), proposal.transactionId()));
    }

    @Test
    void eventIdIsTheSameForTheSameBatchAndDiffersForAnotherRoot() {
        AnchorBatch sameAgain = new AnchorBatch(
                41,
                batch.merkleRoot(),
                3,
                250,
                batch.firstReceivedAt(),
                batch.lastReceivedAt(),
                batch.robotIds(),
                batch.fromEpochMillis(),
                batch.toEpochMillis());
        AnchorBatch otherRoot = new AnchorBatch(
                41,
                Digest.sha256(new byte[] {1}),
                3,
                250,
                batch.firstReceivedAt(),
                batch.lastReceivedAt(),
                batch.robotIds(),
                batch.fromEpochMillis(),
                batch.toEpochMillis());

        assertThat(FabricAnchorSubmitter.eventId(sameAgain)).isEqualTo(FabricAnchorSubmitter.eventId(batch));
        assertThat(FabricAnchorSubmitter.eventId(otherRoot)).isNotEqualTo(FabricAnchorSubmitter.eventId(batch));
        assertThat(FabricAnchorSubmitter.eventId(batch).length()).isLessThanOrEqualTo(128);
    }

    @Test
    void conflictIsRetriedWithANewTransactionIdAndSucceedsWithinTheBound() {
        peer.conflictOnNextCommits(MAX_CONFLICT_RETRIES);

        AnchorReceipt receipt = submitter.submit(batch);

        List<ReceivedProposal> proposals = peer.proposals(RECORD_ANCHOR);
        assertThat(proposals).hasSize(MAX_CONFLICT_RETRIES + 1);
        assertThat(proposals).extracting(ReceivedProposal::transactionId).doesNotHaveDuplicates();
        assertThat(proposals).extracting(p -> p.args().get(0)).containsOnly(FabricAnchorSubmitter.eventId(batch));
        assertThat(peer.commits())
                .extracting(Committed::code)
                .containsExactly(
                        TxValidationCode.MVCC_READ_CONFLICT,
                        TxValidationCode.MVCC_READ_CONFLICT,
                        TxValidationCode.VALID);
        Committed valid = peer.commits().get(2);
        assertThat(receipt.transactionId())
                .isEqualTo(valid.transactionId())
                .isEqualTo(proposals.get(2).transactionId());
        assertThat(receipt.blockNumber()).isEqualTo(valid.blockNumber());
    }

    @Test
    void conflictsPastTheBoundFailTypedWithTheLastTransactionIdAndCode() {
        peer.conflictOnNextCommits(MAX_CONFLICT_RETRIES + 1);

        CommitFailedException failure =
                catchThrowableOfType(CommitFailedException.class, () -> submitter.submit(batch));

        assertThat(failure).isNotNull();
        assertThat(AnchorFailure.of(failure)).isEqualTo(AnchorFailure.CONFLICTS_EXHAUSTED);
        assertThat(failure.validationCode()).isEqualTo(TxValidationCode.MVCC_READ_CONFLICT.name());
        assertThat(failure.attempts()).isEqualTo(MAX_CONFLICT_RETRIES + 1);
        List<ReceivedProposal> proposals = peer.proposals(RECORD_ANCHOR);
        String lastTransaction = proposals.get(proposals.size() - 1).transactionId();
        assertThat(failure.transactionId()).hasValue(lastTransaction);
        assertThat(failure.getMessage()).contains(lastTransaction, "MVCC_READ_CONFLICT (11)");
        assertThat(anchorEvents()).isEmpty();
    }

    @Test
    void nonRetryableValidationCodeIsATypedFailureKeepingTransactionIdAndCode() {
        peer.invalidateNextCommit(TxValidationCode.ENDORSEMENT_POLICY_FAILURE);

        CommitFailedException failure =
                catchThrowableOfType(CommitFailedException.class, () -> submitter.submit(batch));

        assertThat(failure).isNotNull();
        assertThat(AnchorFailure.of(failure)).isEqualTo(AnchorFailure.INVALID_TRANSACTION);
        assertThat(failure.validationCode()).isEqualTo(TxValidationCode.ENDORSEMENT_POLICY_FAILURE.name());
        assertThat(failure.attempts()).isEqualTo(1);
        assertThat(failure.transactionId())
                .hasValue(peer.proposals(RECORD_ANCHOR).get(0).transactionId());
        assertThat(peer.proposals(RECORD_ANCHOR)).hasSize(1);
        assertThat(anchorEvents()).isEmpty();
    }

    @Test
    void chaincodeRefusalIsReadWithItsCodeAndTransactionId() {
        peer.refuseEndorsements("ROBOT_NOT_FOUND: robot press-7 is not registered");

        ChaincodeRefusedException failure =
                catchThrowableOfType(ChaincodeRefusedException.class, () -> submitter.submit(batch));

        assertThat(failure).isNotNull();
        assertThat(AnchorFailure.of(failure)).isEqualTo(AnchorFailure.REFUSED);
        assertThat(failure.code()).isEqualTo(ErrorCode.ROBOT_NOT_FOUND);
        assertThat(failure.detail()).isEqualTo("robot press-7 is not registered");
        assertThat(failure.transactionId()).hasValue(peer.proposals().get(0).transactionId());
        assertThat(peer.commits()).isEmpty();
    }

    @Test
    void aStoppedChaincodeIsUnavailableNotARefusal() {
        peer.stopChaincode();

        ChaincodeUnavailableException failure =
                catchThrowableOfType(ChaincodeUnavailableException.class, () -> submitter.submit(batch));

        assertThat(failure).isNotNull();
        assertThat(AnchorFailure.of(failure)).isEqualTo(AnchorFailure.CHAINCODE_UNAVAILABLE);
        assertThat(failure.transactionId()).hasValue(peer.proposals().get(0).transactionId());
        assertThat(peer.commits()).isEmpty();
    }

    @Test
    void retryAfterALostCommitAnswerYieldsTheOriginalTransactionAndBlockWithoutASecondEntry() {
        peer.loseNextCommitStatusAnswers(1);
        LedgerUnreachableException lost =
                catchThrowableOfType(LedgerUnreachableException.class, () -> submitter.submit(batch));
        assertThat(lost).isNotNull();
        assertThat(lost.getMessage()).contains("commit status");
        Committed original = peer.commits().get(0);
        assertThat(lost.transactionId()).hasValue(original.transactionId());

        AnchorReceipt receipt = submitter.submit(batch);

        assertThat(receipt)
                .isEqualTo(new AnchorReceipt(
                        original.transactionId(), original.blockNumber(), "provenance", "provenance"));
        List<ReceivedProposal> anchors = peer.proposals(RECORD_ANCHOR);
        assertThat(anchors).hasSize(2);
        assertThat(anchors.get(1).transactionId()).isNotEqualTo(original.transactionId());
        assertThat(anchors.get(1).args()).isEqualTo(anchors.get(0).args());
        assertThat(peer.proposals("GetBlockByTxID")).singleElement().satisfies(lookup -> {
            assertThat(lookup.chaincode()).isEqualTo("qscc");
            assertThat(lookup.args()).containsExactly("provenance", original.transactionId());
        });
        assertThat(peer.commits()).as("the replay is not submitted").hasSize(1);
        assertThat(anchorEvents()).hasSize(1);
    }

    @Test
    void unreachablePeerIsReportedAsSuchAndTheSameBatchAnchorsOnceItIsBack() throws Exception {
        served.stopPeer();

        LedgerUnreachableException down =
                catchThrowableOfType(LedgerUnreachableException.class, () -> submitter.submit(batch));
        assertThat(down).isNotNull();
        assertThat(AnchorFailure.of(down)).isEqualTo(AnchorFailure.LEDGER_UNREACHABLE);
        assertThat(down.getMessage()).contains("UNAVAILABLE");
        assertThat(peer.proposals()).isEmpty();

        // The restart skips gRPC's reconnect back-off; the batcher's own back-off covers that in production.
        served.startPeer();
        AnchorReceipt receipt = submitter.submit(batch);

        assertThat(receipt.transactionId()).isEqualTo(peer.commits().get(0).transactionId());
        assertThat(anchorEvents()).hasSize(1);
    }

    @Test
    void anAnchorNamingARobotTheLedgerDoesNotHoldIsRefusedByTheChaincode() {
        AnchorBatch unregistered = new AnchorBatch(
                42,
                Digest.sha256("batch 42".getBytes(StandardCharsets.UTF_8)),
                1,
                10,
                Instant.parse("2026-12-03T10:00:00Z"),
                Instant.parse("2026-12-03T10:00:01Z"),
                List.of("stranger-1"),
                Instant.parse("2026-12-03T10:00:00Z").toEpochMilli(),
                Instant.parse("2026-12-03T10:00:00Z").toEpochMilli());

        ChaincodeRefusedException refused =
                catchThrowableOfType(ChaincodeRefusedException.class, () -> submitter.submit(unregistered));

        assertThat(refused.code()).isEqualTo(ErrorCode.ROBOT_NOT_FOUND);
        assertThat(refused.detail()).contains("robot stranger-1 is not registered");
        assertThat(peer.commits()).isEmpty();
    }

    /** The anchors' event records, by event id (the robots' registrations are recorded too). */
    private Map<String, String> anchorEvents() {
        Map<String, String> anchors = new LinkedHashMap<>(peer.recordedEvents());
        anchors.keySet().removeIf(eventId -> !eventId.startsWith("anchor-"));
        return anchors;
    }
}
