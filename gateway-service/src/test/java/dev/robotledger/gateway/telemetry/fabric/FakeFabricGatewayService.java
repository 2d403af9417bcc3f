package dev.robotledger.gateway.telemetry.fabric;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.protobuf.Any;
import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.rpc.Code;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.StatusProto;
import io.grpc.stub.StreamObserver;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.Signature;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.hyperledger.fabric.protos.common.Block;
import org.hyperledger.fabric.protos.common.BlockData;
import org.hyperledger.fabric.protos.common.BlockHeader;
import org.hyperledger.fabric.protos.common.ChannelHeader;
import org.hyperledger.fabric.protos.common.Envelope;
import org.hyperledger.fabric.protos.common.Header;
import org.hyperledger.fabric.protos.common.HeaderType;
import org.hyperledger.fabric.protos.common.Payload;
import org.hyperledger.fabric.protos.common.SignatureHeader;
import org.hyperledger.fabric.protos.gateway.CommitStatusRequest;
import org.hyperledger.fabric.protos.gateway.CommitStatusResponse;
import org.hyperledger.fabric.protos.gateway.EndorseRequest;
import org.hyperledger.fabric.protos.gateway.EndorseResponse;
import org.hyperledger.fabric.protos.gateway.ErrorDetail;
import org.hyperledger.fabric.protos.gateway.EvaluateRequest;
import org.hyperledger.fabric.protos.gateway.EvaluateResponse;
import org.hyperledger.fabric.protos.gateway.GatewayGrpc;
import org.hyperledger.fabric.protos.gateway.SignedCommitStatusRequest;
import org.hyperledger.fabric.protos.gateway.SubmitRequest;
import org.hyperledger.fabric.protos.gateway.SubmitResponse;
import org.hyperledger.fabric.protos.msp.SerializedIdentity;
import org.hyperledger.fabric.protos.peer.ChaincodeAction;
import org.hyperledger.fabric.protos.peer.ChaincodeActionPayload;
import org.hyperledger.fabric.protos.peer.ChaincodeEndorsedAction;
import org.hyperledger.fabric.protos.peer.ChaincodeHeaderExtension;
import org.hyperledger.fabric.protos.peer.ChaincodeInvocationSpec;
import org.hyperledger.fabric.protos.peer.ChaincodeProposalPayload;
import org.hyperledger.fabric.protos.peer.Proposal;
import org.hyperledger.fabric.protos.peer.ProposalResponsePayload;
import org.hyperledger.fabric.protos.peer.Response;
import org.hyperledger.fabric.protos.peer.SignedProposal;
import org.hyperledger.fabric.protos.peer.Transaction;
import org.hyperledger.fabric.protos.peer.TransactionAction;
import org.hyperledger.fabric.protos.peer.TxValidationCode;

/**
 * Test double of a Fabric peer's Gateway gRPC service, at the transport edge: no Fabric network
 * can run on the build machines. It decodes what the real fabric-gateway client sends (signed
 * proposals and transactions, commit status requests), records each proposal, checks the
 * signatures against the creator's certificate, and answers with the protobuf messages a peer
 * sends. Its "chaincode" has RecordAnchor (refusing robots it does not hold for the caller's org,
 * as the contract does), RegisterRobot, RevokeRobot and GetRobot, and keeps the
 * contract's idempotency rule (a recorded event id with the same request answers the first
 * transaction's result and writes nothing; with another request it is refused as EVENT_ID_REUSED)
 * and its robot rules (ROBOT_ALREADY_EXISTS, ROBOT_NOT_FOUND, ROBOT_REVOKED); writes take effect
 * when the transaction commits VALID. Its "orderer" cuts one block per transaction.
 * Failures to simulate: MVCC conflicts on the next commits, another validation code, a refused
 * endorsement with the chaincode's message, and lost commit-status answers. A peer that is down is
 * simulated by stopping the gRPC server that serves this object.
 */
public final class FakeFabricGatewayService extends GatewayGrpc.GatewayImplBase {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** One proposal as the peer received it. */
    public record ReceivedProposal(String rpc, String transactionId, String channel, String chaincode, String function,
                            List<String> args, String creatorMspId, boolean signatureValid) {
    }

    /** A transaction the fake orderer put in a block. */
    public record Committed(String transactionId, long blockNumber, TxValidationCode code) {
    }

    private record Endorsed(String eventId, String request, String result, boolean writes, Runnable onCommit) {
    }

    private record EventRecord(String transactionId, String request, String result) {
    }

    private final List<ReceivedProposal> proposals = new ArrayList<>();
    private final List<Committed> commits = new ArrayList<>();
    private final Map<String, Endorsed> endorsed = new HashMap<>();
    private final Map<String, EventRecord> events = new LinkedHashMap<>();
    private final Map<String, Committed> byTransaction = new HashMap<>();
    private final Map<Long, Envelope> blocks = new HashMap<>();
    private final Map<String, Boolean> submittedSignatures = new HashMap<>();
    private final Map<String, ObjectNode> robots = new LinkedHashMap<>();
    private final Map<String, String> functions = new HashMap<>();
    private long nextBlock;
    private int conflictsToCause;
    private TxValidationCode nextInvalidCode;
    private String endorsementRefusal;
    private int commitStatusAnswersToLose;

    public FakeFabricGatewayService(long firstBlockNumber) {
        this.nextBlock = firstBlockNumber;
    }

    synchronized void conflictOnNextCommits(int count) {
        conflictsToCause = count;
    }

    synchronized void invalidateNextCommit(TxValidationCode code) {
        nextInvalidCode = code;
    }

    /** Until {@link #acceptEndorsements()}: the chaincode refuses RecordAnchor with this message. */
    synchronized void refuseEndorsements(String chaincodeMessage) {
        endorsementRefusal = chaincodeMessage;
    }

    synchronized void acceptEndorsements() {
        endorsementRefusal = null;
    }

    /** The next commits happen, but their commit-status answers are lost (UNAVAILABLE). */
    public synchronized void loseNextCommitStatusAnswers(int count) {
        commitStatusAnswersToLose = count;
    }

    public synchronized List<ReceivedProposal> proposals() {
        return List.copyOf(proposals);
    }

    public synchronized List<ReceivedProposal> proposals(String function) {
        return proposals.stream().filter(p -> p.function().equals(function)).toList();
    }

    public synchronized List<Committed> commits() {
        return List.copyOf(commits);
    }

    /** The commits of one chaincode function's transactions, e.g. "RecordAnchor". */
    public synchronized List<Committed> commits(String function) {
        return commits.stream().filter(c -> function.equals(functions.get(c.transactionId()))).toList();
    }

    /** Whether the client's signature over the submitted transaction verified under the creator's key. */
    public synchronized boolean submittedSignatureValid(String transactionId) {
        return submittedSignatures.getOrDefault(transactionId, false);
    }

    /** Event ids the fake chaincode recorded, in commit order, with the recording transaction. */
    public synchronized Map<String, String> recordedEvents() {
        Map<String, String> recorded = new LinkedHashMap<>();
        events.forEach((eventId, record) -> recorded.put(eventId, record.transactionId()));
        return recorded;
    }

    synchronized JsonNode recordedAnchor(String eventId) throws Exception {
        return JSON.readTree(events.get(eventId).result());
    }

    /** The robots the fake chaincode holds, by id, as its {@code Robot} JSON. */
    public synchronized Map<String, JsonNode> robots() {
        return Map.copyOf(robots);
    }

    /** A robot some earlier transaction registered (e.g. by another client), as the ledger would hold it. */
    public synchronized void holdRobot(String robotId, String ownerOrg, String publicKeyPem, String status) {
        ObjectNode robot = JSON.createObjectNode().put("id", robotId).put("ownerOrg", ownerOrg)
                .put("model", "earlier").put("site", "earlier").put("line", "earlier").put("station", "earlier")
                .put("publicKeyPem", publicKeyPem).put("status", status).put("enrolledAtEpochMillis", 1L);
        robots.put(robotId, robot);
    }

    @Override
    public void endorse(EndorseRequest request, StreamObserver<EndorseResponse> answer) {
        synchronized (this) {
            try {
                Decoded proposal = decode("Endorse", request.getProposedTransaction());
                String function = proposal.received().function();
                if (!List.of("RecordAnchor", "RegisterRobot", "RevokeRobot").contains(function)) {
                    answer.onError(chaincodeError("no such transaction " + function));
                    return;
                }
                if (endorsementRefusal != null) {
                    answer.onError(chaincodeError(endorsementRefusal));
                    return;
                }
                String eventId = proposal.received().args().get(0);
                String requestKey = function + "\n" + proposal.received().creatorMspId() + "\n"
                        + JSON.readTree(proposal.received().args().get(1));
                EventRecord earlier = events.get(eventId);
                Endorsed result;
                if (earlier != null) {
                    if (!earlier.request().equals(requestKey)) {
                        answer.onError(chaincodeError("event id " + eventId + " was already used in transaction "
                                + earlier.transactionId() + " with different arguments"));
                        return;
                    }
                    result = new Endorsed(eventId, requestKey, earlier.result(), false, null);
                } else {
                    result = switch (function) {
                        case "RegisterRobot" -> registerRobot(proposal, eventId, requestKey);
                        case "RevokeRobot" -> revokeRobot(proposal, eventId, requestKey);
                        default -> new Endorsed(eventId, requestKey, recordAnchor(proposal), true, null);
                    };
                }
                endorsed.put(proposal.received().transactionId(), result);
                functions.put(proposal.received().transactionId(), function);
                answer.onNext(EndorseResponse.newBuilder()
                        .setPreparedTransaction(preparedTransaction(proposal, result.result())).build());
                answer.onCompleted();
            } catch (ChaincodeRefusal e) {
                answer.onError(chaincodeError(e.getMessage()));
            } catch (Exception e) {
                answer.onError(Status.INTERNAL.withDescription("fake peer: " + e).asRuntimeException());
            }
        }
    }

    /** What the contract's RegisterRobot checks, returns, and writes once committed. */
    private Endorsed registerRobot(Decoded proposal, String eventId, String requestKey) throws Exception {
        JsonNode registration = JSON.readTree(proposal.received().args().get(1));
        String robotId = registration.get("robotId").asText();
        if (robots.containsKey(robotId)) {
            throw new ChaincodeRefusal("robot " + robotId + " is already registered by "
                    + robots.get(robotId).get("ownerOrg").asText());
        }
        ObjectNode robot = JSON.createObjectNode().put("id", robotId)
                .put("ownerOrg", proposal.received().creatorMspId());
        for (String field : List.of("model", "site", "line", "station", "publicKeyPem")) {
            robot.put(field, registration.get(field).asText());
        }
        robot.put("status", "ACTIVE").put("enrolledAtEpochMillis", proposal.channelHeader().getTimestamp().getSeconds() * 1000);
        return new Endorsed(eventId, requestKey, JSON.writeValueAsString(robot), true, () -> robots.put(robotId, robot));
    }

    /** What the contract's RevokeRobot checks, returns, and writes once committed. */
    private Endorsed revokeRobot(Decoded proposal, String eventId, String requestKey) throws Exception {
        JsonNode revocation = JSON.readTree(proposal.received().args().get(1));
        String robotId = revocation.get("robotId").asText();
        ObjectNode robot = robots.get(robotId);
        if (robot == null) {
            throw new ChaincodeRefusal("robot " + robotId + " is not registered");
        }
        if (!robot.get("ownerOrg").asText().equals(proposal.received().creatorMspId())) {
            throw new ChaincodeRefusal("robot " + robotId + " belongs to " + robot.get("ownerOrg").asText());
        }
        if ("REVOKED".equals(robot.get("status").asText())) {
            throw new ChaincodeRefusal("robot " + robotId + " is already REVOKED");
        }
        ObjectNode revoked = robot.deepCopy().put("status", "REVOKED")
                .put("revokedAtEpochMillis", proposal.channelHeader().getTimestamp().getSeconds() * 1000)
                .put("revocationReason", revocation.get("reason").asText());
        return new Endorsed(eventId, requestKey, JSON.writeValueAsString(revoked), true,
                () -> robots.put(robotId, revoked));
    }

    /** A ChaincodeException in the contract: the peer reports it as an endorsement error. */
    private static final class ChaincodeRefusal extends Exception {
        ChaincodeRefusal(String message) {
            super(message);
        }
    }

    @Override
    public synchronized void submit(SubmitRequest request, StreamObserver<SubmitResponse> answer) {
        String txId = request.getTransactionId();
        Endorsed transaction = endorsed.remove(txId);
        if (transaction == null) {
            answer.onError(Status.FAILED_PRECONDITION.withDescription("fake peer: transaction " + txId
                    + " was not endorsed here").asRuntimeException());
            return;
        }
        submittedSignatures.put(txId, verifiesUnderCreator(request.getPreparedTransaction()));
        TxValidationCode code = TxValidationCode.VALID;
        if (conflictsToCause > 0) {
            conflictsToCause--;
            code = TxValidationCode.MVCC_READ_CONFLICT;
        } else if (nextInvalidCode != null) {
            code = nextInvalidCode;
            nextInvalidCode = null;
        } else if (transaction.writes() && events.containsKey(transaction.eventId())) {
            // The event record it read as absent was written since: what a peer's MVCC check finds.
            code = TxValidationCode.MVCC_READ_CONFLICT;
        }
        long block = nextBlock++;
        Committed committed = new Committed(txId, block, code);
        commits.add(committed);
        byTransaction.put(txId, committed);
        blocks.put(block, request.getPreparedTransaction());
        if (code == TxValidationCode.VALID && transaction.writes()) {
            events.put(transaction.eventId(), new EventRecord(txId, transaction.request(), transaction.result()));
            if (transaction.onCommit() != null) {
                transaction.onCommit().run();
            }
        }
        answer.onNext(SubmitResponse.getDefaultInstance());
        answer.onCompleted();
    }

    @Override
    public synchronized void commitStatus(SignedCommitStatusRequest request, StreamObserver<CommitStatusResponse> answer) {
        try {
            CommitStatusRequest status = CommitStatusRequest.parseFrom(request.getRequest());
            Committed committed = byTransaction.get(status.getTransactionId());
            if (committed == null) {
                answer.onError(Status.NOT_FOUND.withDescription("fake peer: no transaction "
                        + status.getTransactionId()).asRuntimeException());
                return;
            }
            if (commitStatusAnswersToLose > 0) {
                commitStatusAnswersToLose--;
                answer.onError(Status.UNAVAILABLE.withDescription("fake peer: connection lost before the answer")
                        .asRuntimeException());
                return;
            }
            answer.onNext(CommitStatusResponse.newBuilder().setResult(committed.code())
                    .setBlockNumber(committed.blockNumber()).build());
            answer.onCompleted();
        } catch (InvalidProtocolBufferException e) {
            answer.onError(Status.INVALID_ARGUMENT.withDescription(e.getMessage()).asRuntimeException());
        }
    }

    @Override
    public void evaluate(EvaluateRequest request, StreamObserver<EvaluateResponse> answer) {
        synchronized (this) {
            try {
                Decoded proposal = decode("Evaluate", request.getProposedTransaction());
                ReceivedProposal received = proposal.received();
                if ("GetRobot".equals(received.function()) && !"qscc".equals(received.chaincode())) {
                    ObjectNode robot = robots.get(received.args().get(0));
                    if (robot == null) {
                        answer.onError(chaincodeError("robot " + received.args().get(0) + " is not registered"));
                        return;
                    }
                    answer.onNext(EvaluateResponse.newBuilder().setResult(Response.newBuilder().setStatus(200)
                            .setPayload(ByteString.copyFromUtf8(JSON.writeValueAsString(robot)))).build());
                    answer.onCompleted();
                    return;
                }
                if (!"qscc".equals(received.chaincode()) || !"GetBlockByTxID".equals(received.function())) {
                    answer.onError(chaincodeError("fake peer evaluates only GetRobot and qscc GetBlockByTxID"));
                    return;
                }
                Committed committed = byTransaction.get(received.args().get(1));
                if (committed == null) {
                    answer.onError(chaincodeError("Failed to get block for txID " + received.args().get(1)));
                    return;
                }
                Block block = Block.newBuilder()
                        .setHeader(BlockHeader.newBuilder().setNumber(committed.blockNumber()))
                        .setData(BlockData.newBuilder().addData(blocks.get(committed.blockNumber()).toByteString()))
                        .build();
                answer.onNext(EvaluateResponse.newBuilder()
                        .setResult(Response.newBuilder().setStatus(200).setPayload(block.toByteString())).build());
                answer.onCompleted();
            } catch (Exception e) {
                answer.onError(Status.INTERNAL.withDescription("fake peer: " + e).asRuntimeException());
            }
        }
    }

    private record Decoded(ReceivedProposal received, Proposal proposal, ChannelHeader channelHeader,
                           SignatureHeader signatureHeader, ChaincodeHeaderExtension extension) {
    }

    private Decoded decode(String rpc, SignedProposal signed) throws Exception {
        Proposal proposal = Proposal.parseFrom(signed.getProposalBytes());
        Header header = Header.parseFrom(proposal.getHeader());
        ChannelHeader channelHeader = ChannelHeader.parseFrom(header.getChannelHeader());
        SignatureHeader signatureHeader = SignatureHeader.parseFrom(header.getSignatureHeader());
        SerializedIdentity creator = SerializedIdentity.parseFrom(signatureHeader.getCreator());
        ChaincodeHeaderExtension extension = ChaincodeHeaderExtension.parseFrom(channelHeader.getExtension());
        ChaincodeInvocationSpec invocation = ChaincodeInvocationSpec.parseFrom(
                ChaincodeProposalPayload.parseFrom(proposal.getPayload()).getInput());
        List<String> input = invocation.getChaincodeSpec().getInput().getArgsList().stream()
                .map(ByteString::toStringUtf8).toList();
        boolean signatureValid = verifies(creator, signed.getProposalBytes(), signed.getSignature());
        ReceivedProposal received = new ReceivedProposal(rpc, channelHeader.getTxId(), channelHeader.getChannelId(),
                extension.getChaincodeId().getName(), input.get(0), input.subList(1, input.size()),
                creator.getMspid(), signatureValid);
        proposals.add(received);
        return new Decoded(received, proposal, channelHeader, signatureHeader, extension);
    }

    /**
     * What the contract's RecordAnchor checks (each robot registered, by the caller's org), returns
     * and stores: the TelemetryAnchor, naming its transaction.
     */
    private String recordAnchor(Decoded proposal) throws Exception {
        ObjectNode anchor = (ObjectNode) JSON.readTree(proposal.received().args().get(1));
        for (JsonNode robotId : anchor.withArray("robotIds")) {
            ObjectNode robot = robots.get(robotId.asText());
            if (robot == null) {
                throw new ChaincodeRefusal("robot " + robotId.asText() + " is not registered");
            }
            if (!robot.get("ownerOrg").asText().equals(proposal.received().creatorMspId())) {
                throw new ChaincodeRefusal("robot " + robotId.asText() + " belongs to " + robot.get("ownerOrg").asText());
            }
        }
        anchor.put("submittedByOrg", proposal.received().creatorMspId());
        anchor.put("recordedAtEpochMillis", proposal.channelHeader().getTimestamp().getSeconds() * 1000);
        anchor.put("txId", proposal.received().transactionId());
        return JSON.writeValueAsString(anchor);
    }

    private static Envelope preparedTransaction(Decoded proposal, String result) throws Exception {
        ChaincodeAction action = ChaincodeAction.newBuilder()
                .setResponse(Response.newBuilder().setStatus(200).setPayload(ByteString.copyFromUtf8(result)))
                .setChaincodeId(proposal.extension().getChaincodeId())
                .build();
        ProposalResponsePayload response = ProposalResponsePayload.newBuilder()
                .setProposalHash(ByteString.copyFrom(MessageDigest.getInstance("SHA-256")
                        .digest(proposal.proposal().toByteArray())))
                .setExtension(action.toByteString())
                .build();
        ChaincodeActionPayload actionPayload = ChaincodeActionPayload.newBuilder()
                .setChaincodeProposalPayload(proposal.proposal().getPayload())
                .setAction(ChaincodeEndorsedAction.newBuilder().setProposalResponsePayload(response.toByteString()))
                .build();
        Transaction transaction = Transaction.newBuilder()
                .addActions(TransactionAction.newBuilder()
                        .setHeader(proposal.signatureHeader().toByteString())
                        .setPayload(actionPayload.toByteString()))
                .build();
        Header header = Header.newBuilder()
                .setChannelHeader(proposal.channelHeader().toBuilder()
                        .setType(HeaderType.ENDORSER_TRANSACTION_VALUE).build().toByteString())
                .setSignatureHeader(proposal.signatureHeader().toByteString())
                .build();
        return Envelope.newBuilder()
                .setPayload(Payload.newBuilder().setHeader(header).setData(transaction.toByteString()).build()
                        .toByteString())
                .build();
    }

    private static boolean verifiesUnderCreator(Envelope envelope) {
        try {
            Payload payload = Payload.parseFrom(envelope.getPayload());
            SerializedIdentity creator = SerializedIdentity.parseFrom(
                    SignatureHeader.parseFrom(payload.getHeader().getSignatureHeader()).getCreator());
            return verifies(creator, envelope.getPayload(), envelope.getSignature());
        } catch (InvalidProtocolBufferException e) {
            return false;
        }
    }

    private static boolean verifies(SerializedIdentity creator, ByteString message, ByteString signature) {
        try {
            X509Certificate certificate = (X509Certificate) CertificateFactory.getInstance("X.509")
                    .generateCertificate(new ByteArrayInputStream(creator.getIdBytes().toByteArray()));
            Signature verifier = Signature.getInstance("SHA256withECDSA");
            verifier.initVerify(certificate.getPublicKey());
            verifier.update(message.toByteArray());
            return verifier.verify(signature.toByteArray());
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    /** How a peer's Gateway reports a chaincode error: ABORTED, the chaincode's message in the details. */
    private static StatusRuntimeException chaincodeError(String message) {
        return StatusProto.toStatusRuntimeException(com.google.rpc.Status.newBuilder()
                .setCode(Code.ABORTED_VALUE)
                .setMessage("failed to endorse transaction, see attached details for more info")
                .addDetails(Any.pack(ErrorDetail.newBuilder().setAddress("peer0.manufacturer.test:7051")
                        .setMspId("ManufacturerMSP").setMessage("chaincode response 500, " + message).build()))
                .build());
    }

    static String utf8(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
