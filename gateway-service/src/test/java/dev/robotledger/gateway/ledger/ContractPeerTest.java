package dev.robotledger.gateway.ledger;

import static dev.robotledger.contract.ContractTransaction.ASSEMBLE_PRODUCT;
import static dev.robotledger.contract.ContractTransaction.GET_GOOD;
import static dev.robotledger.contract.ContractTransaction.GET_ROBOT;
import static dev.robotledger.contract.ContractTransaction.RECORD_PRODUCTION;
import static dev.robotledger.contract.ContractTransaction.RECORD_QUALITY_CHECK;
import static dev.robotledger.contract.ContractTransaction.REGISTER_ROBOT;
import static dev.robotledger.contract.ContractTransaction.REVOKE_ROBOT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.google.protobuf.ByteString;
import dev.robotledger.ledger.embedded.BlockHashes;
import dev.robotledger.ledger.embedded.CertificateAuthority;
import dev.robotledger.ledger.embedded.ContractPeer;
import io.grpc.CallOptions;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import org.hyperledger.fabric.client.ChaincodeEvent;
import org.hyperledger.fabric.client.Checkpointer;
import org.hyperledger.fabric.client.CloseableIterator;
import org.hyperledger.fabric.client.Contract;
import org.hyperledger.fabric.client.EndorseException;
import org.hyperledger.fabric.client.GatewayException;
import org.hyperledger.fabric.client.InMemoryCheckpointer;
import org.hyperledger.fabric.client.Network;
import org.hyperledger.fabric.client.Status;
import org.hyperledger.fabric.client.Transaction;
import org.hyperledger.fabric.protos.common.Block;
import org.hyperledger.fabric.protos.common.BlockMetadataIndex;
import org.hyperledger.fabric.protos.common.BlockchainInfo;
import org.hyperledger.fabric.protos.common.ChannelHeader;
import org.hyperledger.fabric.protos.common.Envelope;
import org.hyperledger.fabric.protos.common.Payload;
import org.hyperledger.fabric.protos.gateway.ErrorDetail;
import org.hyperledger.fabric.protos.gateway.PreparedTransaction;
import org.hyperledger.fabric.protos.ledger.rwset.TxReadWriteSet;
import org.hyperledger.fabric.protos.ledger.rwset.kvrwset.KVRWSet;
import org.hyperledger.fabric.protos.peer.ChaincodeAction;
import org.hyperledger.fabric.protos.peer.ChaincodeActionPayload;
import org.hyperledger.fabric.protos.peer.ProposalResponsePayload;
import org.hyperledger.fabric.protos.peer.TxValidationCode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The peer test double itself, through the real fabric-gateway client: Fabric's commit
 * semantics on the real contract, block delivery and chaincode events.
 */
class ContractPeerTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final UnaryOperator<CallOptions> STREAM_DEADLINE =
            options -> options.withDeadlineAfter(20, TimeUnit.SECONDS);

    @TempDir
    Path dir;

    private final ContractPeer peer = new ContractPeer(3);
    private InProcessPeer served;
    private Network network;
    private Contract contract;

    @BeforeEach
    void connect() throws Exception {
        served = InProcessPeer.start(peer, dir);
        network = served.connect("ManufacturerMSP").getNetwork(ContractPeer.CHANNEL);
        contract = network.getContract(ContractPeer.CHAINCODE);
    }

    @AfterEach
    void close() throws Exception {
        served.close();
    }

    @Test
    void twoTransactionsThatReadThenWriteTheSameKeyConcurrentlyCommitOneValidAndOneMvccConflict() throws Exception {
        Transaction first = contract.newProposal(REGISTER_ROBOT.functionName())
                .addArguments("evt-a", registration("r1"))
                .build()
                .endorse();
        Transaction second = contract.newProposal(REGISTER_ROBOT.functionName())
                .addArguments("evt-b", registration("r1"))
                .build()
                .endorse();

        Status firstStatus = first.submitAsync().getStatus();
        Status secondStatus = second.submitAsync().getStatus();

        assertThat(firstStatus.getCode()).isEqualTo(TxValidationCode.VALID);
        assertThat(secondStatus.getCode()).isEqualTo(TxValidationCode.MVCC_READ_CONFLICT);
        assertThat(secondStatus.getBlockNumber()).isEqualTo(firstStatus.getBlockNumber() + 1);
        assertThat(peer.recordedEvents()).containsOnlyKeys("evt-a");
        assertThat(JSON.readTree(contract.evaluateTransaction(GET_ROBOT.functionName(), "r1"))
                        .get("ownerOrg")
                        .asString())
                .isEqualTo("ManufacturerMSP");
    }

    @Test
    void aPreparedTransactionCarriesTheResponseTheChaincodeEventAndTheReadWriteSet() throws Exception {
        Transaction endorsed = contract.newProposal(REGISTER_ROBOT.functionName())
                .addArguments("evt-a", registration("r1"))
                .build()
                .endorse();

        ChaincodeAction action = chaincodeAction(endorsed);
        org.hyperledger.fabric.protos.peer.ChaincodeEvent event =
                org.hyperledger.fabric.protos.peer.ChaincodeEvent.parseFrom(action.getEvents());
        KVRWSet rwset = KVRWSet.parseFrom(
                TxReadWriteSet.parseFrom(action.getResults()).getNsRwset(0).getRwset());

        assertThat(JSON.readTree(endorsed.getResult()).get("id").asString()).isEqualTo("r1");
        assertThat(action.getResponse().getStatus()).isEqualTo(200);
        assertThat(event.getEventName()).isEqualTo("RobotRegistered");
        assertThat(event.getTxId()).isEqualTo(endorsed.getTransactionId());
        assertThat(event.getChaincodeId()).isEqualTo(ContractPeer.CHAINCODE);
        assertThat(rwset.getReadsList()).extracting(read -> read.getKey()).anyMatch(key -> key.contains("evt-a"));
        assertThat(rwset.getReadsList()).allMatch(read -> !read.hasVersion());
        assertThat(rwset.getWritesList())
                .extracting(write -> write.getKey())
                .anyMatch(key -> key.contains("robot\u0000r1"));
    }

    @Test
    void anEvaluationRunsTheContractButNeverWrites() throws Exception {
        byte[] answer = contract.evaluateTransaction(REGISTER_ROBOT.functionName(), "evt-a", registration("r1"));

        assertThat(JSON.readTree(answer).get("status").asString()).isEqualTo("ACTIVE");
        assertThat(peer.robots()).isEmpty();
        assertThat(peer.height()).isEqualTo(3);
    }

    @Test
    void theContractApisGetMetadataIsAnsweredByTheShimsSystemContractFromTheRealContracts() throws Exception {
        JsonNode metadata = JSON.readTree(contract.evaluateTransaction("org.hyperledger.fabric:GetMetadata"));

        assertThat(metadata.get("contracts").propertyNames())
                .containsExactlyInAnyOrder("provenance", "org.hyperledger.fabric");
        assertThat(metadata.at("/contracts/provenance/transactions"))
                .extracting(tx -> tx.get("name").asString())
                .contains(
                        RECORD_PRODUCTION.functionName(),
                        ASSEMBLE_PRODUCT.functionName(),
                        RECORD_QUALITY_CHECK.functionName(),
                        GET_GOOD.functionName());
        assertThat(metadata.at("/contracts/org.hyperledger.fabric/transactions"))
                .extracting(tx -> tx.get("name").asString())
                .containsExactly("GetMetadata");
        assertThat(peer.height()).as("an evaluation is never ordered").isEqualTo(3);
    }

    @Test
    void aStoppedChaincodeFailsEndorseAndEvaluateWithThePeersOwnErrorWhileQsccAnswersAndTheLedgerStays()
            throws Exception {
        contract.submitTransaction(REGISTER_ROBOT.functionName(), "evt-r1", registration("r1"));
        peer.stopChaincode();

        EndorseException endorse = catchThrowableOfType(
                EndorseException.class,
                () -> contract.newProposal(REGISTER_ROBOT.functionName())
                        .addArguments("evt-r2", registration("r2"))
                        .build()
                        .endorse());
        GatewayException evaluate = catchThrowableOfType(
                GatewayException.class, () -> contract.evaluateTransaction("org.hyperledger.fabric:GetMetadata"));
        byte[] chainInfo = network.getContract("qscc").evaluateTransaction("GetChainInfo", ContractPeer.CHANNEL);

        assertThat(endorse.getStatus().getCode()).isEqualTo(io.grpc.Status.Code.ABORTED);
        assertThat(endorse.getDetails()).singleElement().satisfies(detail -> {
            assertThat(detail.getMspId()).isEqualTo("ManufacturerMSP");
            assertThat(detail.getMessage())
                    .startsWith("error in simulation: failed to execute transaction " + endorse.getTransactionId()
                            + ": could not launch chaincode provenance_1.0:")
                    .doesNotContain("chaincode response");
        });
        assertThat(evaluate.getStatus().getCode()).isEqualTo(io.grpc.Status.Code.ABORTED);
        assertThat(evaluate.getStatus().getDescription()).startsWith("failed to evaluate transaction");
        assertThat(evaluate.getDetails())
                .singleElement()
                .extracting(ErrorDetail::getMessage)
                .asString()
                .contains("could not launch chaincode provenance_1.0:");
        assertThat(BlockchainInfo.parseFrom(chainInfo).getHeight()).isEqualTo(4);

        peer.startChaincode();
        contract.submitTransaction(REGISTER_ROBOT.functionName(), "evt-r2", registration("r2"));
        assertThat(peer.robots()).containsOnlyKeys("r1", "r2");
    }

    @Test
    void aBlockStreamFromBlockNDeliversEveryBlockFromNInOrderThenLiveOnes() throws Exception {
        for (String robotId : List.of("r1", "r2", "r3")) {
            contract.submitTransaction(REGISTER_ROBOT.functionName(), "evt-" + robotId, registration(robotId));
        }
        peer.invalidateNextCommit(TxValidationCode.ENDORSEMENT_POLICY_FAILURE);
        Status invalid = contract.newProposal(REGISTER_ROBOT.functionName())
                .addArguments("evt-r4", registration("r4"))
                .build()
                .endorse()
                .submitAsync()
                .getStatus();
        assertThat(invalid.getBlockNumber()).isEqualTo(6);

        List<Block> blocks = new ArrayList<>();
        try (CloseableIterator<Block> stream =
                network.newBlockEventsRequest().startBlock(4).build().getEvents(STREAM_DEADLINE)) {
            for (int i = 0; i < 3; i++) {
                blocks.add(stream.next());
            }
            contract.submitTransaction(REGISTER_ROBOT.functionName(), "evt-r5", registration("r5"));
            blocks.add(stream.next());
        }

        assertThat(blocks).extracting(block -> block.getHeader().getNumber()).containsExactly(4L, 5L, 6L, 7L);
        for (Block block : blocks) {
            long number = block.getHeader().getNumber();
            Block stored = peer.block(number);
            assertThat(block).isEqualTo(stored);
            assertThat(block.getHeader().getPreviousHash())
                    .isEqualTo(BlockHashes.headerHash(peer.block(number - 1).getHeader()));
            assertThat(block.getHeader().getDataHash()).isEqualTo(BlockHashes.dataHash(block.getData()));
            assertThat(block.getMetadata().getMetadataCount()).isEqualTo(5);
            assertThat(block.getData().getDataCount()).isEqualTo(1);
        }
        assertThat(filter(blocks.get(0))).containsExactly(TxValidationCode.VALID_VALUE);
        assertThat(filter(blocks.get(2))).containsExactly(TxValidationCode.ENDORSEMENT_POLICY_FAILURE_VALUE);
        assertThat(transactionId(blocks.get(2))).isEqualTo(peer.commits().get(3).transactionId());
    }

    @Test
    void aBlockStreamResumesExactlyAtTheBlockAskedForAfterAPeerRestartThatKeptTheLedger() throws Exception {
        for (String robotId : List.of("r1", "r2")) {
            contract.submitTransaction(REGISTER_ROBOT.functionName(), "evt-" + robotId, registration(robotId));
        }
        served.stopPeer();
        served.startPeer();

        try (CloseableIterator<Block> stream =
                network.newBlockEventsRequest().startBlock(4).build().getEvents(STREAM_DEADLINE)) {
            Block resumed = stream.next();

            assertThat(resumed.getHeader().getNumber()).isEqualTo(4);
            assertThat(transactionId(resumed)).isEqualTo(peer.commits().get(1).transactionId());
        }
    }

    @Test
    void chaincodeEventsComeFromValidTransactionsOnlyFromTheStartBlockThenLive() throws Exception {
        contract.submitTransaction(REGISTER_ROBOT.functionName(), "evt-r1", registration("r1"));
        peer.conflictOnNextCommits(1);
        Status conflicted = contract.newProposal(REGISTER_ROBOT.functionName())
                .addArguments("evt-r2", registration("r2"))
                .build()
                .endorse()
                .submitAsync()
                .getStatus();
        assertThat(conflicted.getCode()).isEqualTo(TxValidationCode.MVCC_READ_CONFLICT);
        contract.submitTransaction(
                REVOKE_ROBOT.functionName(), "evt-revoke-r1", "{\"robotId\":\"r1\",\"reason\":\"worn out\"}");

        List<ChaincodeEvent> events = new ArrayList<>();
        try (CloseableIterator<ChaincodeEvent> stream = network.newChaincodeEventsRequest(ContractPeer.CHAINCODE)
                .startBlock(0)
                .build()
                .getEvents(STREAM_DEADLINE)) {
            events.add(stream.next());
            events.add(stream.next());
            contract.submitTransaction(REGISTER_ROBOT.functionName(), "evt-r3", registration("r3"));
            events.add(stream.next());
        }

        assertThat(events)
                .extracting(ChaincodeEvent::getEventName)
                .containsExactly("RobotRegistered", "RobotRevoked", "RobotRegistered");
        assertThat(events).extracting(ChaincodeEvent::getBlockNumber).containsExactly(3L, 5L, 6L);
        assertThat(events)
                .extracting(event -> payload(event).get("eventId").asString())
                .containsExactly("evt-r1", "evt-revoke-r1", "evt-r3");
        assertThat(events)
                .extracting(ChaincodeEvent::getTransactionId)
                .containsExactly(
                        peer.commits().get(0).transactionId(),
                        peer.commits().get(2).transactionId(),
                        peer.commits().get(3).transactionId());
    }

    @Test
    void chaincodeEventsAfterACheckpointedTransactionSkipThatTransactionsBlockUpToIt() throws Exception {
        contract.submitTransaction(REGISTER_ROBOT.functionName(), "evt-r1", registration("r1"));
        contract.submitTransaction(REGISTER_ROBOT.functionName(), "evt-r2", registration("r2"));
        String firstTransaction = peer.commits().get(0).transactionId();
        Checkpointer checkpoint = new InMemoryCheckpointer();
        checkpoint.checkpointTransaction(3, firstTransaction);

        try (CloseableIterator<ChaincodeEvent> stream = network.newChaincodeEventsRequest(ContractPeer.CHAINCODE)
                .checkpoint(checkpoint)
                .build()
                .getEvents(STREAM_DEADLINE)) {
            ChaincodeEvent next = stream.next();

            assertThat(next.getBlockNumber()).isEqualTo(4);
            assertThat(payload(next).get("eventId").asString()).isEqualTo("evt-r2");
        }
    }

    private static String registration(String robotId) throws Exception {
        KeyPairGenerator p256 = KeyPairGenerator.getInstance("EC");
        p256.initialize(new ECGenParameterSpec("secp256r1"));
        ObjectNode registration = JSON.createObjectNode()
                .put("robotId", robotId)
                .put("model", "UR10e")
                .put("site", "plant-1")
                .put("line", "line-2")
                .put("station", "st-" + robotId);
        registration.putArray("capabilities").add("PRODUCE");
        return registration
                .put(
                        "publicKeyPem",
                        CertificateAuthority.pem(
                                "PUBLIC KEY", p256.generateKeyPair().getPublic().getEncoded()))
                .toString();
    }

    private static JsonNode payload(ChaincodeEvent event) {
        try {
            return JSON.readTree(new String(event.getPayload(), StandardCharsets.UTF_8));
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private static List<Integer> filter(Block block) {
        ByteString filter = block.getMetadata().getMetadata(BlockMetadataIndex.TRANSACTIONS_FILTER_VALUE);
        List<Integer> codes = new ArrayList<>();
        for (byte code : filter.toByteArray()) {
            codes.add((int) code);
        }
        return codes;
    }

    private static String transactionId(Block block) throws Exception {
        Payload payload =
                Payload.parseFrom(Envelope.parseFrom(block.getData().getData(0)).getPayload());
        return ChannelHeader.parseFrom(payload.getHeader().getChannelHeader()).getTxId();
    }

    private static ChaincodeAction chaincodeAction(Transaction endorsed) throws Exception {
        Envelope envelope = PreparedTransaction.parseFrom(endorsed.getBytes()).getEnvelope();
        org.hyperledger.fabric.protos.peer.Transaction transaction =
                org.hyperledger.fabric.protos.peer.Transaction.parseFrom(
                        Payload.parseFrom(envelope.getPayload()).getData());
        ChaincodeActionPayload actionPayload =
                ChaincodeActionPayload.parseFrom(transaction.getActions(0).getPayload());
        return ChaincodeAction.parseFrom(
                ProposalResponsePayload.parseFrom(actionPayload.getAction().getProposalResponsePayload())
                        .getExtension());
    }
}
