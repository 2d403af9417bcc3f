package dev.robotledger.ledger.embedded;

import com.google.protobuf.Any;
import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.rpc.Code;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.StatusProto;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import java.util.List;
import java.util.Optional;
import org.hyperledger.fabric.protos.gateway.ChaincodeEventsRequest;
import org.hyperledger.fabric.protos.gateway.ChaincodeEventsResponse;
import org.hyperledger.fabric.protos.gateway.CommitStatusRequest;
import org.hyperledger.fabric.protos.gateway.CommitStatusResponse;
import org.hyperledger.fabric.protos.gateway.EndorseRequest;
import org.hyperledger.fabric.protos.gateway.EndorseResponse;
import org.hyperledger.fabric.protos.gateway.ErrorDetail;
import org.hyperledger.fabric.protos.gateway.EvaluateRequest;
import org.hyperledger.fabric.protos.gateway.EvaluateResponse;
import org.hyperledger.fabric.protos.gateway.GatewayGrpc;
import org.hyperledger.fabric.protos.gateway.SignedChaincodeEventsRequest;
import org.hyperledger.fabric.protos.gateway.SignedCommitStatusRequest;
import org.hyperledger.fabric.protos.gateway.SubmitRequest;
import org.hyperledger.fabric.protos.gateway.SubmitResponse;
import org.hyperledger.fabric.protos.peer.ChaincodeEvent;
import org.hyperledger.fabric.protos.peer.Response;

/**
 * The Gateway gRPC service of {@link ContractPeer}: decodes the client's messages, hands them to
 * the peer, and answers the way a peer's Gateway does, errors included (a chaincode refusal at
 * endorsement is {@code ABORTED} with "chaincode response 500, " and the chaincode's message in an
 * {@link ErrorDetail}; a chaincode the peer cannot reach is {@code ABORTED} with the peer's own
 * message there, as Fabric's {@code internal/pkg/gateway/api.go} {@code responseStatus} tells them apart).
 */
final class PeerGatewayService extends GatewayGrpc.GatewayImplBase {

    private static final String ENDORSE_FAILED = "failed to endorse transaction, see attached details for more info";

    private final ContractPeer peer;

    PeerGatewayService(ContractPeer peer) {
        this.peer = peer;
    }

    @Override
    public void endorse(EndorseRequest request, StreamObserver<EndorseResponse> answer) {
        try {
            DecodedProposal proposal = DecodedProposal.of(request.getProposedTransaction());
            peer.endorsingOrganizations(request.getTransactionId(), request.getEndorsingOrganizationsList());
            answer.onNext(EndorseResponse.newBuilder()
                    .setPreparedTransaction(peer.endorse(proposal))
                    .build());
            answer.onCompleted();
        } catch (ContractPeer.ChaincodeRefusal e) {
            answer.onError(failed(Code.ABORTED, ENDORSE_FAILED, chaincodeResponse(e)));
        } catch (ContractPeer.ChaincodeUnreachable e) {
            answer.onError(failed(Code.ABORTED, ENDORSE_FAILED, e.getMessage()));
        } catch (InvalidProtocolBufferException | RuntimeException e) {
            answer.onError(internal(e));
        }
    }

    @Override
    public void submit(SubmitRequest request, StreamObserver<SubmitResponse> answer) {
        if (!peer.submit(request.getTransactionId(), request.getPreparedTransaction())) {
            answer.onError(Status.FAILED_PRECONDITION
                    .withDescription(
                            "contract peer: transaction " + request.getTransactionId() + " was not endorsed here")
                    .asRuntimeException());
            return;
        }
        answer.onNext(SubmitResponse.getDefaultInstance());
        answer.onCompleted();
    }

    @Override
    public void commitStatus(SignedCommitStatusRequest request, StreamObserver<CommitStatusResponse> answer) {
        try {
            String transactionId =
                    CommitStatusRequest.parseFrom(request.getRequest()).getTransactionId();
            Optional<ContractPeer.Committed> committed = peer.commitStatus(transactionId);
            if (committed.isEmpty()) {
                answer.onError(Status.NOT_FOUND
                        .withDescription("contract peer: no transaction " + transactionId)
                        .asRuntimeException());
                return;
            }
            answer.onNext(CommitStatusResponse.newBuilder()
                    .setResult(committed.get().code())
                    .setBlockNumber(committed.get().blockNumber())
                    .build());
            answer.onCompleted();
        } catch (ContractPeer.AnswerLost e) {
            answer.onError(Status.UNAVAILABLE
                    .withDescription("contract peer: connection lost before the answer")
                    .asRuntimeException());
        } catch (InvalidProtocolBufferException e) {
            answer.onError(
                    Status.INVALID_ARGUMENT.withDescription(e.getMessage()).asRuntimeException());
        }
    }

    @Override
    public void evaluate(EvaluateRequest request, StreamObserver<EvaluateResponse> answer) {
        try {
            byte[] result = peer.evaluate(DecodedProposal.of(request.getProposedTransaction()));
            answer.onNext(EvaluateResponse.newBuilder()
                    .setResult(Response.newBuilder()
                            .setStatus(200)
                            .setPayload(ByteString.copyFrom(result == null ? new byte[0] : result)))
                    .build());
            answer.onCompleted();
        } catch (ContractPeer.ChaincodeRefusal e) {
            answer.onError(failed(
                    Code.UNKNOWN,
                    "evaluate call to endorser returned error: " + chaincodeResponse(e),
                    chaincodeResponse(e)));
        } catch (ContractPeer.ChaincodeUnreachable e) {
            // The peer's own error is one another peer might not have: the Gateway tries the next
            // peer of the org, and with none left it gives up with this.
            answer.onError(failed(
                    Code.ABORTED,
                    "failed to evaluate transaction, see attached details for more info",
                    e.getMessage()));
        } catch (InvalidProtocolBufferException | RuntimeException e) {
            answer.onError(internal(e));
        }
    }

    /**
     * The chaincode events of VALID transactions of the requested chaincode, one response per
     * block that has any, from the start position on and then live; with an
     * {@code after_transaction_id}, the start block's events up to that transaction are skipped.
     */
    @Override
    public void chaincodeEvents(SignedChaincodeEventsRequest signed, StreamObserver<ChaincodeEventsResponse> answer) {
        ChaincodeEventsRequest request;
        try {
            request = ChaincodeEventsRequest.parseFrom(signed.getRequest());
        } catch (InvalidProtocolBufferException e) {
            answer.onError(
                    Status.INVALID_ARGUMENT.withDescription(e.getMessage()).asRuntimeException());
            return;
        }
        if (!ContractPeer.CHANNEL.equals(request.getChannelId())) {
            answer.onError(Status.NOT_FOUND
                    .withDescription("channel " + request.getChannelId() + " not found")
                    .asRuntimeException());
            return;
        }
        long start = PeerDeliverService.startBlock(
                request.getStartPosition(), peer.blocks().height());
        ServerCallStreamObserver<ChaincodeEventsResponse> call =
                (ServerCallStreamObserver<ChaincodeEventsResponse>) answer;
        call.setOnCancelHandler(peer.blocks()
                .follow(start, Long.MAX_VALUE, call, block -> events(block, request, start), () -> {})::interrupt);
    }

    private static Optional<ChaincodeEventsResponse> events(
            BlockStore.StoredBlock block, ChaincodeEventsRequest request, long start) {
        List<BlockStore.Transaction> transactions = block.transactions();
        if (block.number() == start && !request.getAfterTransactionId().isEmpty()) {
            int after = transactions.stream()
                    .map(BlockStore.Transaction::transactionId)
                    .toList()
                    .indexOf(request.getAfterTransactionId());
            transactions = transactions.subList(after + 1, transactions.size());
        }
        List<ChaincodeEvent> events = transactions.stream()
                .map(BlockStore.Transaction::event)
                .filter(event -> event != null && event.getChaincodeId().equals(request.getChaincodeId()))
                .toList();
        // An empty response would end fabric-gateway's event iterator with an error: a peer sends none.
        return events.isEmpty()
                ? Optional.empty()
                : Optional.of(ChaincodeEventsResponse.newBuilder()
                        .setBlockNumber(block.number())
                        .addAllEvents(events)
                        .build());
    }

    /** A peer's Gateway's words for an error response of the chaincode itself. */
    private static String chaincodeResponse(ContractPeer.ChaincodeRefusal refusal) {
        return "chaincode response 500, " + refusal.getMessage();
    }

    /** The Gateway's error: a status, and this peer's message in an {@link ErrorDetail}. */
    private static StatusRuntimeException failed(Code code, String message, String peerMessage) {
        return StatusProto.toStatusRuntimeException(com.google.rpc.Status.newBuilder()
                .setCode(code.getNumber())
                .setMessage(message)
                .addDetails(Any.pack(ErrorDetail.newBuilder()
                        .setAddress(ContractPeer.ADDRESS)
                        .setMspId(ContractPeer.MSP_ID)
                        .setMessage(peerMessage)
                        .build()))
                .build());
    }

    private static StatusRuntimeException internal(Exception e) {
        return Status.INTERNAL
                .withDescription("contract peer: " + e)
                .withCause(e)
                .asRuntimeException();
    }
}
