package dev.robotledger.ledger.embedded;

import com.google.protobuf.InvalidProtocolBufferException;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.hyperledger.fabric.protos.common.ChannelHeader;
import org.hyperledger.fabric.protos.common.Envelope;
import org.hyperledger.fabric.protos.common.HeaderType;
import org.hyperledger.fabric.protos.common.Payload;
import org.hyperledger.fabric.protos.common.Status;
import org.hyperledger.fabric.protos.orderer.SeekInfo;
import org.hyperledger.fabric.protos.orderer.SeekPosition;
import org.hyperledger.fabric.protos.peer.DeliverGrpc;
import org.hyperledger.fabric.protos.peer.DeliverResponse;

/**
 * The peer's Deliver service, {@code deliver} only (full blocks): for each signed seek request,
 * the blocks from its start position on, then live blocks as they are cut, up to its stop
 * position; then a {@code SUCCESS} status. fabric-gateway's block events ask for no stop (the
 * largest block number), so they get blocks only: a status message in the middle of the stream
 * ends its iterator with an error. A request that is not a signed seek on this channel gets
 * {@code BAD_REQUEST}, {@code FORBIDDEN} or {@code NOT_FOUND}, as a peer answers.
 */
final class PeerDeliverService extends DeliverGrpc.DeliverImplBase {

    private final ContractPeer peer;

    PeerDeliverService(ContractPeer peer) {
        this.peer = peer;
    }

    @Override
    public StreamObserver<Envelope> deliver(StreamObserver<DeliverResponse> answer) {
        ServerCallStreamObserver<DeliverResponse> call = (ServerCallStreamObserver<DeliverResponse>) answer;
        // Seeks arrive after this returns, when the cancel handler can no longer be set: set it now.
        List<Thread> senders = new CopyOnWriteArrayList<>();
        call.setOnCancelHandler(() -> senders.forEach(Thread::interrupt));
        return new StreamObserver<>() {
            @Override
            public void onNext(Envelope request) {
                seek(request, call).ifPresent(senders::add);
            }

            @Override
            public void onError(Throwable t) {
                // The client went away; its sender thread sees the cancellation.
            }

            @Override
            public void onCompleted() {
                // Requests are done; blocks keep flowing until the stop position or cancellation.
            }
        };
    }

    /** Starts sending what the seek asks for; empty when it was answered with a status at once. */
    private Optional<Thread> seek(Envelope request, ServerCallStreamObserver<DeliverResponse> call) {
        SeekInfo seek;
        try {
            Payload payload = Payload.parseFrom(request.getPayload());
            ChannelHeader header = ChannelHeader.parseFrom(payload.getHeader().getChannelHeader());
            if (header.getType() != HeaderType.DELIVER_SEEK_INFO_VALUE) {
                finish(call, Status.BAD_REQUEST);
                return Optional.empty();
            }
            if (!DecodedProposal.signedByCreator(request)) {
                finish(call, Status.FORBIDDEN);
                return Optional.empty();
            }
            if (!ContractPeer.CHANNEL.equals(header.getChannelId())) {
                finish(call, Status.NOT_FOUND);
                return Optional.empty();
            }
            seek = SeekInfo.parseFrom(payload.getData());
        } catch (InvalidProtocolBufferException e) {
            finish(call, Status.BAD_REQUEST);
            return Optional.empty();
        }
        long height = peer.blocks().height();
        long start = startBlock(seek.getStart(), height);
        long stop = seek.hasStop() ? stopBlock(seek.getStop(), height) : Long.MAX_VALUE;
        if (seek.getBehavior() == SeekInfo.SeekBehavior.FAIL_IF_NOT_READY && start >= height) {
            finish(call, Status.NOT_FOUND);
            return Optional.empty();
        }
        return Optional.of(peer.blocks()
                .follow(
                        start,
                        stop,
                        call,
                        block -> Optional.of(DeliverResponse.newBuilder()
                                .setBlock(block.block())
                                .build()),
                        () -> finish(call, Status.SUCCESS)));
    }

    private static void finish(ServerCallStreamObserver<DeliverResponse> call, Status status) {
        call.onNext(DeliverResponse.newBuilder().setStatus(status).build());
        call.onCompleted();
    }

    /** The first block a seek position names: oldest 0, newest the last block, next commit the next one. */
    static long startBlock(SeekPosition position, long height) {
        return switch (position.getTypeCase()) {
            case OLDEST -> 0;
            case SPECIFIED -> position.getSpecified().getNumber();
            case NEWEST -> height - 1;
            case NEXT_COMMIT, TYPE_NOT_SET -> height;
        };
    }

    private static long stopBlock(SeekPosition position, long height) {
        return switch (position.getTypeCase()) {
            case SPECIFIED -> position.getSpecified().getNumber();
            case NEWEST -> height - 1;
            case OLDEST -> 0;
            case NEXT_COMMIT, TYPE_NOT_SET -> Long.MAX_VALUE;
        };
    }
}
