package dev.robotledger.gateway.production.fabric;

import static dev.robotledger.contract.ContractTransaction.ASSEMBLE_PRODUCT;
import static dev.robotledger.contract.ContractTransaction.RECORD_PRODUCTION;
import static dev.robotledger.contract.ContractTransaction.RECORD_QUALITY_CHECK;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import com.google.protobuf.Any;
import com.google.rpc.Code;
import dev.robotledger.contract.ErrorCode;
import dev.robotledger.gateway.ledger.ChaincodeRefusedException;
import dev.robotledger.gateway.ledger.ChaincodeUnavailableException;
import dev.robotledger.gateway.ledger.CommitFailedException;
import dev.robotledger.gateway.ledger.LedgerException;
import dev.robotledger.gateway.ledger.LedgerUnreachableException;
import dev.robotledger.gateway.ledger.fabric.ProvenanceContractClient;
import dev.robotledger.gateway.production.ContractRequest.AssemblyReport;
import dev.robotledger.gateway.production.ContractRequest.PartReference;
import dev.robotledger.gateway.production.ContractRequest.ProductionReport;
import dev.robotledger.gateway.production.ContractRequest.QualityCheckReport;
import dev.robotledger.gateway.production.ContractRequest.TelemetryAnchorRef;
import dev.robotledger.gateway.production.ProductionEvent;
import dev.robotledger.gateway.production.ProductionReceipt;
import dev.robotledger.wire.message.MessageType;
import dev.robotledger.wire.message.WindowReference;
import io.grpc.CallOptions;
import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.StatusProto;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.hyperledger.fabric.client.CommitStatusException;
import org.hyperledger.fabric.client.Contract;
import org.hyperledger.fabric.client.EndorseException;
import org.hyperledger.fabric.client.Gateway;
import org.hyperledger.fabric.client.Network;
import org.hyperledger.fabric.client.Proposal;
import org.hyperledger.fabric.client.Status;
import org.hyperledger.fabric.client.SubmittedTransaction;
import org.hyperledger.fabric.client.Transaction;
import org.hyperledger.fabric.protos.common.Block;
import org.hyperledger.fabric.protos.common.BlockData;
import org.hyperledger.fabric.protos.common.BlockHeader;
import org.hyperledger.fabric.protos.common.ChannelHeader;
import org.hyperledger.fabric.protos.common.Envelope;
import org.hyperledger.fabric.protos.common.Header;
import org.hyperledger.fabric.protos.common.Payload;
import org.hyperledger.fabric.protos.gateway.ErrorDetail;
import org.hyperledger.fabric.protos.peer.TxValidationCode;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mockito.ArgumentMatchers;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * The adapter's arguments and how it reads the ledger's answers, with the Fabric Gateway client's
 * {@link Contract} stubbed at the transport edge (the peer test double belongs to the anchors'
 * tests). What a real peer answers is not tested here: no Fabric network runs on these machines.
 */
class FabricProductionLedgerTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path CHAINCODE_SOURCES =
            Path.of("..", "chaincode", "src", "main", "java", "dev", "robotledger", "chaincode");
    private static final int MAX_CONFLICT_RETRIES = 2;

    private static final ProductionReport BRACKET = new ProductionReport(
            "press-7-g0", "bracket", "press-7", 1_764_000_000_123L, "sim-1.0", Map.of("weld.current.a", 120.5), 3.2);
    /** A bracket with a GS1 identity, made in a lot. */
    private static final ProductionReport GS1_BRACKET = new ProductionReport(
            "urn:epc:id:sgtin:9506000.013435.press-7.1",
            "bracket",
            "press-7",
            1_764_000_000_123L,
            "sim-1.0",
            Map.of("weld.current.a", 120.5),
            3.2,
            null,
            "09506000134352",
            "press-7.1",
            "L-7");

    private static final ProductionEvent PRODUCED =
            new ProductionEvent(5, "press-7", 42, MessageType.COMPONENT_PRODUCED, "production-press-7-42", BRACKET);
    private static final ProductionEvent ASSEMBLED = new ProductionEvent(
            6,
            "press-7",
            43,
            MessageType.ASSEMBLED,
            "production-press-7-43",
            new AssemblyReport(
                    new ProductionReport(
                            "press-7-a1", "assembly", "press-7", 1_764_000_000_200L, "sim-1.0", Map.of(), 1.5),
                    List.of(
                            new PartReference("press-7-g0", "production-press-7-42"),
                            new PartReference("weld-2-g9", "production-weld-2-9"))));
    private static final ProductionEvent CHECKED = new ProductionEvent(
            7,
            "press-7",
            44,
            MessageType.QUALITY_CHECK,
            "production-press-7-44",
            new QualityCheckReport(
                    "press-7-a1",
                    "production-press-7-43",
                    "press-7",
                    "dimensional",
                    "PASS",
                    Map.of("length.mm", 120.02)));

    private final Contract contract = mock(Contract.class);
    private final Contract qscc = mock(Contract.class);
    private final List<String> proposedFunctions = new ArrayList<>();
    private final List<List<String>> proposedArguments = new ArrayList<>();
    private final List<Transaction> transactions = new ArrayList<>();
    private final AtomicInteger proposals = new AtomicInteger();
    private FabricProductionLedger ledger;

    /** What the next proposal's endorsement does: given its transaction id, answer or throw. */
    private interface Endorsement {
        Transaction endorse(String txId) throws Exception;
    }

    private Endorsement endorsement;

    @BeforeEach
    void stubTheGatewayClient() throws Exception {
        Gateway gateway = mock(Gateway.class);
        Network network = mock(Network.class);
        when(gateway.getNetwork("provenance")).thenReturn(network);
        when(network.getContract("provenance")).thenReturn(contract);
        when(network.getContract("qscc")).thenReturn(qscc);
        when(contract.newProposal(anyString())).thenAnswer(call -> {
            String function = call.getArgument(0);
            Proposal.Builder builder = mock(Proposal.Builder.class);
            when(builder.addArguments(any(String[].class))).thenAnswer(args -> {
                proposedFunctions.add(function);
                proposedArguments.add(List.of((String[]) args.getRawArguments()[0]));
                return builder;
            });
            when(builder.build()).thenAnswer(build -> {
                String txId = "tx-" + proposals.incrementAndGet();
                Proposal proposal = mock(Proposal.class);
                when(proposal.getTransactionId()).thenReturn(txId);
                when(proposal.endorse()).thenAnswer(endorse -> endorsement.endorse(txId));
                return proposal;
            });
            return builder;
        });
        ledger = new FabricProductionLedger(
                new ProvenanceContractClient(gateway, "provenance", "provenance", MAX_CONFLICT_RETRIES));
    }

    /** An endorsement answering {@code answer} whose commit ends with {@code code} in block 12. */
    private Transaction endorsed(String txId, String answer, TxValidationCode code) throws Exception {
        Transaction transaction = mock(Transaction.class);
        when(transaction.getResult()).thenReturn(answer.getBytes(StandardCharsets.UTF_8));
        SubmittedTransaction submitted = mock(SubmittedTransaction.class);
        Status status = mock(Status.class);
        when(status.getCode()).thenReturn(code);
        when(status.isSuccessful()).thenReturn(code == TxValidationCode.VALID);
        when(status.getBlockNumber()).thenReturn(12L);
        when(status.getTransactionId()).thenReturn(txId);
        when(submitted.getStatus(ArgumentMatchers.<UnaryOperator<CallOptions>>any()))
                .thenReturn(status);
        when(transaction.submitAsync()).thenReturn(submitted);
        transactions.add(transaction);
        return transaction;
    }

    private static String produced(String goodId, String recordedInTxId) {
        return "{\"id\":\"" + goodId + "\",\"custodianOrg\":\"ManufacturerMSP\",\"production\":{\"kind\":\"bracket\","
                + "\"recordedInTxId\":\"" + recordedInTxId + "\"},\"qualityChecks\":[]}";
    }

    private static String checked(String goodId, String checkId, String txId) {
        return "{\"id\":\"" + goodId + "\",\"production\":{\"recordedInTxId\":\"tx-old\"},\"qualityChecks\":["
                + "{\"checkId\":\"production-other-1\",\"txId\":\"tx-other\"},"
                + "{\"checkId\":\"" + checkId + "\",\"txId\":\"" + txId + "\",\"result\":\"PASS\"}]}";
    }

    @Test
    void sendsEachEventToItsFunctionWithTheEventIdAndTheRequestAndWaitsForTheCommit() throws Exception {
        endorsement = txId -> endorsed(txId, produced("press-7-g0", txId), TxValidationCode.VALID);
        assertThat(ledger.record(PRODUCED)).isEqualTo(new ProductionReceipt("tx-1", 12));
        endorsement = txId -> endorsed(txId, produced("press-7-a1", txId), TxValidationCode.VALID);
        assertThat(ledger.record(ASSEMBLED)).isEqualTo(new ProductionReceipt("tx-2", 12));
        endorsement =
                txId -> endorsed(txId, checked("press-7-a1", "production-press-7-44", txId), TxValidationCode.VALID);
        assertThat(ledger.record(CHECKED)).isEqualTo(new ProductionReceipt("tx-3", 12));

        assertThat(proposedFunctions)
                .containsExactly(
                        RECORD_PRODUCTION.functionName(),
                        ASSEMBLE_PRODUCT.functionName(),
                        RECORD_QUALITY_CHECK.functionName());
        assertThat(proposedArguments)
                .extracting(arguments -> arguments.get(0))
                .containsExactly("production-press-7-42", "production-press-7-43", "production-press-7-44");
        assertThat(JSON.readTree(proposedArguments.get(0).get(1))).isEqualTo(JSON.readTree("""
                {"goodId":"press-7-g0","kind":"bracket","robotId":"press-7","producedAtEpochMillis":1764000000123,
                 "firmwareVersion":"sim-1.0","processParameters":{"weld.current.a":120.5},"energyWh":3.2}"""));
        assertThat(JSON.readTree(proposedArguments.get(1).get(1))).isEqualTo(JSON.readTree("""
                {"product":{"goodId":"press-7-a1","kind":"assembly","robotId":"press-7",
                            "producedAtEpochMillis":1764000000200,"firmwareVersion":"sim-1.0",
                            "processParameters":{},"energyWh":1.5},
                 "parts":[{"goodId":"press-7-g0","producedBy":"production-press-7-42"},
                          {"goodId":"weld-2-g9","producedBy":"production-weld-2-9"}]}"""));
        assertThat(JSON.readTree(proposedArguments.get(2).get(1))).isEqualTo(JSON.readTree("""
                {"goodId":"press-7-a1","producedBy":"production-press-7-43","inspector":"press-7",
                 "checkType":"dimensional","result":"PASS",
                 "measurements":{"length.mm":120.02}}"""));
        for (Transaction transaction : transactions) {
            verify(transaction).submitAsync();
        }
    }

    /**
     * The contract's parser refuses unknown fields: every field sent is a component of the
     * chaincode's request record, and every component is sent but the optional telemetry anchor
     * and, for a good with a plain id, the GS1 keys.
     */
    @Test
    void requestsCarryExactlyTheFieldsOfTheChaincodesRequestRecords() throws Exception {
        assertThat(fields(requestJson(PRODUCED)))
                .isEqualTo(without(
                        recordComponents("good/ProductionReport.java"), "telemetryAnchor", "gtin", "serial", "lot"));
        assertThat(fields(requestJson(new ProductionEvent(
                        5, "press-7", 42, MessageType.COMPONENT_PRODUCED, "production-press-7-42", GS1_BRACKET))))
                .isEqualTo(without(recordComponents("good/ProductionReport.java"), "telemetryAnchor"));
        JsonNode assembly = JSON.readTree(requestJson(ASSEMBLED));
        assertThat(fields(assembly.toString())).isEqualTo(recordComponents("good/AssemblyReport.java"));
        assertThat(fields(assembly.get("product").toString()))
                .isEqualTo(without(
                        recordComponents("good/ProductionReport.java"), "telemetryAnchor", "gtin", "serial", "lot"));
        assertThat(fields(requestJson(CHECKED))).isEqualTo(recordComponents("quality/QualityCheckReport.java"));
    }

    /**
     * A production whose window's batch is anchored carries {@code telemetryAnchor}; the contract's
     * own parser (its request records, read with the chaincode's {@code Json.readRequest}) takes the
     * requests and reads the batch id and root back unchanged.
     */
    @Test
    void anAnchoredProductionsRequestCarriesTheTelemetryAnchorTheContractsParserReadsBack() throws Exception {
        TelemetryAnchorRef anchor = new TelemetryAnchorRef("17", "0f".repeat(32));
        WindowReference window = new WindowReference(41);
        ProductionEvent component = new ProductionEvent(
                        5, "press-7", 42, MessageType.COMPONENT_PRODUCED, "production-press-7-42", GS1_BRACKET, window)
                .withTelemetryAnchor(anchor);
        ProductionEvent assembly = new ProductionEvent(
                        6, "press-7", 43, MessageType.ASSEMBLED, "production-press-7-43", ASSEMBLED.request(), window)
                .withTelemetryAnchor(anchor);

        String componentJson = requestJson(component);
        assertThat(fields(componentJson)).isEqualTo(recordComponents("good/ProductionReport.java"));
        dev.robotledger.chaincode.good.ProductionReport parsed = dev.robotledger.chaincode.ledger.Json.readRequest(
                componentJson, dev.robotledger.chaincode.good.ProductionReport.class);
        assertThat(parsed.telemetryAnchor())
                .isEqualTo(new dev.robotledger.chaincode.good.TelemetryRef("17", "0f".repeat(32)));
        assertThat(parsed.producedAtEpochMillis()).isEqualTo(GS1_BRACKET.producedAtEpochMillis());
        assertThat(parsed.sgtin())
                .hasValueSatisfying(item -> assertThat(item.serial()).isEqualTo("press-7.1"));
        assertThat(parsed.lot()).isEqualTo("L-7");
        dev.robotledger.chaincode.good.AssemblyReport parsedAssembly =
                dev.robotledger.chaincode.ledger.Json.readRequest(
                        requestJson(assembly), dev.robotledger.chaincode.good.AssemblyReport.class);
        assertThat(parsedAssembly.product().telemetryAnchor().batchId()).isEqualTo("17");
        assertThat(parsedAssembly.partIds()).containsExactly("press-7-g0", "weld-2-g9");
        assertThat(dev.robotledger.chaincode.ledger.Json.readRequest(
                                requestJson(PRODUCED), dev.robotledger.chaincode.good.ProductionReport.class)
                        .telemetryAnchor())
                .as("a production naming no window is sent without it")
                .isNull();
    }

    @Test
    void aReplayNamingTheOriginalTransactionIsNotSubmittedAndReturnsTheOriginalWithItsBlock() throws Exception {
        endorsement = txId -> endorsed(txId, produced("press-7-g0", "tx-original"), TxValidationCode.VALID);
        when(qscc.evaluateTransaction("GetBlockByTxID", "provenance", "tx-original"))
                .thenReturn(blockHolding("tx-original", 9));

        assertThat(ledger.record(PRODUCED)).isEqualTo(new ProductionReceipt("tx-original", 9));
        verify(transactions.get(0), never()).submitAsync();
    }

    @Test
    void aQualityChecksReplayIsFoundByItsCheckIdAmongTheGoodsChecks() throws Exception {
        endorsement = txId -> endorsed(
                txId, checked("press-7-a1", "production-press-7-44", "tx-first-check"), TxValidationCode.VALID);
        when(qscc.evaluateTransaction("GetBlockByTxID", "provenance", "tx-first-check"))
                .thenReturn(blockHolding("tx-first-check", 31));

        assertThat(ledger.record(CHECKED)).isEqualTo(new ProductionReceipt("tx-first-check", 31));
        verify(transactions.get(0), never()).submitAsync();
    }

    @Test
    void anAnswerThatNamesNoRecordingTransactionIsUnexpected() throws Exception {
        endorsement = txId -> endorsed(txId, produced("another-good", txId), TxValidationCode.VALID);
        assertUnexpected(PRODUCED, "another-good");
        endorsement = txId -> endorsed(txId, "not json", TxValidationCode.VALID);
        assertUnexpected(PRODUCED, "is not the good's JSON");
        endorsement =
                txId -> endorsed(txId, checked("press-7-a1", "production-press-7-99", txId), TxValidationCode.VALID);
        assertUnexpected(CHECKED, "production-press-7-99");
    }

    @Test
    void aChaincodeRefusalIsReadWithItsCodeAndTransactionId() throws Exception {
        endorsement = txId -> {
            throw new EndorseException(
                    txId, chaincodeError("GOOD_ALREADY_EXISTS: good press-7-a1 is already recorded"));
        };

        assertThatThrownBy(() -> ledger.record(ASSEMBLED))
                .isInstanceOfSatisfying(ChaincodeRefusedException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.GOOD_ALREADY_EXISTS);
                    assertThat(e.detail()).isEqualTo("good press-7-a1 is already recorded");
                    assertThat(e.transactionId()).hasValue("tx-1");
                    assertThat(e.retryable()).isFalse();
                });
    }

    @Test
    void anEndorsementFailureWithoutARefusalIsAChaincodeThePeerCannotRun() throws Exception {
        endorsement = txId -> {
            throw new EndorseException(txId, chaincodeError("could not launch chaincode provenance"));
        };

        assertPendingWith(PRODUCED, ChaincodeUnavailableException.class, "could not launch chaincode");
    }

    @Test
    void anUnreachablePeerStaysPendingWithoutAskingTheChaincode() throws Exception {
        endorsement = txId -> {
            throw new EndorseException(
                    txId,
                    io.grpc.Status.UNAVAILABLE
                            .withDescription("connection refused")
                            .asRuntimeException());
        };
        assertPendingWith(PRODUCED, LedgerUnreachableException.class, "connection refused");
        verify(contract, never()).evaluateTransaction(anyString());
    }

    @Test
    void aLostCommitStatusStaysPendingForTheReplayCheckOfTheNextAttempt() throws Exception {
        endorsement = txId -> {
            Transaction transaction = endorsed(txId, produced("press-7-g0", txId), TxValidationCode.VALID);
            SubmittedTransaction submitted = mock(SubmittedTransaction.class);
            when(submitted.getStatus(ArgumentMatchers.<UnaryOperator<CallOptions>>any()))
                    .thenThrow(new CommitStatusException(
                            txId,
                            io.grpc.Status.INTERNAL
                                    .withDescription("stream reset")
                                    .asRuntimeException()));
            when(transaction.submitAsync()).thenReturn(submitted);
            return transaction;
        };
        assertPendingWith(PRODUCED, LedgerUnreachableException.class, "stream reset");
    }

    @Test
    void conflictsAreRetriedWithNewProposalsUpToTheBoundThenStayPending() throws Exception {
        endorsement = txId -> endorsed(txId, produced("press-7-g0", txId), TxValidationCode.MVCC_READ_CONFLICT);

        assertPendingWith(PRODUCED, CommitFailedException.class, "MVCC_READ_CONFLICT");
        assertThat(proposals.get()).isEqualTo(1 + MAX_CONFLICT_RETRIES);
        assertThat(proposedArguments).containsOnly(proposedArguments.get(0));
    }

    @Test
    void aTransactionThatCommitsInvalidOtherwiseIsARefusalWithItsValidationCode() throws Exception {
        endorsement = txId -> endorsed(txId, produced("press-7-g0", txId), TxValidationCode.ENDORSEMENT_POLICY_FAILURE);

        assertThatThrownBy(() -> ledger.record(PRODUCED)).isInstanceOfSatisfying(CommitFailedException.class, e -> {
            assertThat(e.validationCode()).isEqualTo("ENDORSEMENT_POLICY_FAILURE");
            assertThat(e.retryable()).isFalse();
            assertThat(e.transactionId()).hasValue("tx-1");
        });
        verify(transactions.get(0), times(1)).submitAsync();
    }

    private void assertPendingWith(ProductionEvent event, Class<? extends LedgerException> failure, String detail) {
        assertThatThrownBy(() -> ledger.record(event)).isInstanceOfSatisfying(failure, e -> {
            assertThat(e.retryable()).isTrue();
            assertThat(e.getMessage()).contains(detail);
        });
    }

    private void assertUnexpected(ProductionEvent event, String detail) {
        assertThatThrownBy(() -> ledger.record(event))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining(detail);
    }

    /** How a peer's Gateway reports a chaincode error: ABORTED, the chaincode's message in the details. */
    private static StatusRuntimeException chaincodeError(String message) {
        return StatusProto.toStatusRuntimeException(com.google.rpc.Status.newBuilder()
                .setCode(Code.ABORTED_VALUE)
                .setMessage("failed to endorse transaction, see attached details for more info")
                .addDetails(Any.pack(ErrorDetail.newBuilder()
                        .setAddress("peer0.manufacturer.test:7051")
                        .setMspId("ManufacturerMSP")
                        .setMessage("chaincode response 500, " + message)
                        .build()))
                .build());
    }

    /** The request as the contract client sends it (its second argument). */
    private static String requestJson(ProductionEvent event) throws IOException {
        return JSON.writeValueAsString(event.request());
    }

    private static byte[] blockHolding(String txId, long number) {
        Envelope other = envelopeOf("tx-unrelated");
        return Block.newBuilder()
                .setHeader(BlockHeader.newBuilder().setNumber(number))
                .setData(BlockData.newBuilder()
                        .addData(other.toByteString())
                        .addData(envelopeOf(txId).toByteString()))
                .build()
                .toByteArray();
    }

    private static Envelope envelopeOf(String txId) {
        Payload payload = Payload.newBuilder()
                .setHeader(Header.newBuilder()
                        .setChannelHeader(ChannelHeader.newBuilder()
                                .setTxId(txId)
                                .setChannelId("provenance")
                                .build()
                                .toByteString()))
                .build();
        return Envelope.newBuilder().setPayload(payload.toByteString()).build();
    }

    private static Set<String> fields(String json) throws IOException {
        Set<String> names = new TreeSet<>();
        for (Iterator<String> it = JSON.readTree(json).propertyNames().iterator(); it.hasNext(); ) {
            names.add(it.next());
        }
        return names;
    }

    private static Set<String> without(Set<String> names, String... left) {
        Set<String> rest = new TreeSet<>(names);
        for (String name : left) {
            assertThat(rest.remove(name))
                    .as("the chaincode's record has %s", name)
                    .isTrue();
        }
        return rest;
    }

    /** The component names of the one public record declared in a chaincode source file. */
    private static Set<String> recordComponents(String file) throws IOException {
        String source = Files.readString(CHAINCODE_SOURCES.resolve(file));
        Matcher header = Pattern.compile("public record \\w+\\(([^)]*)\\)").matcher(source);
        assertThat(header.find()).as("a record in %s", file).isTrue();
        Set<String> names = new TreeSet<>();
        // Generic arguments hold commas: only the last word of each top-level component counts.
        String components = header.group(1).replaceAll("<[^>]*>", "");
        Arrays.stream(components.split(","))
                .map(String::trim)
                .forEach(component -> names.add(component.substring(component.lastIndexOf(' ') + 1)));
        return names;
    }
}
