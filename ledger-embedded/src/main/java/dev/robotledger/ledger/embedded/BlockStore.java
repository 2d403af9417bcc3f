package dev.robotledger.ledger.embedded;

import com.google.protobuf.ByteString;
import dev.robotledger.contract.testkit.InMemoryLedger;
import io.grpc.stub.ServerCallStreamObserver;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.hyperledger.fabric.protos.common.Block;
import org.hyperledger.fabric.protos.common.BlockData;
import org.hyperledger.fabric.protos.common.BlockHeader;
import org.hyperledger.fabric.protos.common.BlockMetadata;
import org.hyperledger.fabric.protos.common.BlockMetadataIndex;
import org.hyperledger.fabric.protos.common.ChannelHeader;
import org.hyperledger.fabric.protos.common.Envelope;
import org.hyperledger.fabric.protos.common.Header;
import org.hyperledger.fabric.protos.common.HeaderType;
import org.hyperledger.fabric.protos.common.LastConfig;
import org.hyperledger.fabric.protos.common.Metadata;
import org.hyperledger.fabric.protos.common.OrdererBlockMetadata;
import org.hyperledger.fabric.protos.common.Payload;
import org.hyperledger.fabric.protos.peer.ChaincodeEvent;
import org.hyperledger.fabric.protos.peer.TxValidationCode;

/**
 * The peer's block store: blocks as Fabric builds them (header with number, previous-header
 * hash and data hash; the transaction envelopes as data; five metadata slots, the transactions
 * filter holding each transaction's validation code) and a way to follow them from a block
 * number, then live. Blocks below the first transaction block are empty configuration blocks,
 * standing for the channel's genesis and configuration updates. With a {@link BlockFile}, each
 * block is on the disk before it is served or its transactions are reported committed.
 */
final class BlockStore {

    /**
     * One transaction of a block, with what validation decided; the event, and the changes it
     * made to the world state, only for a VALID one.
     */
    record Transaction(
            String transactionId,
            TxValidationCode code,
            Envelope envelope,
            ChaincodeEvent event,
            InMemoryLedger.Changes changes) {}

    record StoredBlock(Block block, List<Transaction> transactions) {
        long number() {
            return block.getHeader().getNumber();
        }
    }

    private final List<StoredBlock> blocks = new ArrayList<>();
    // Null: the blocks live in memory only.
    private final BlockFile file;

    private BlockStore(BlockFile file) {
        this.file = file;
    }

    /** A channel in memory whose first transaction goes into block {@code firstTransactionBlock}. */
    static BlockStore inMemory(String channel, long firstTransactionBlock) {
        BlockStore store = new BlockStore(null);
        store.appendConfigBlocks(channel, firstTransactionBlock);
        return store;
    }

    /** The blocks kept in {@code file}; a new channel (its genesis block only) when it holds none. */
    static BlockStore open(String channel, BlockFile file) throws IOException {
        BlockStore store = new BlockStore(file);
        store.blocks.addAll(file.read());
        if (store.blocks.isEmpty()) {
            store.appendConfigBlocks(channel, 1);
        }
        return store;
    }

    private void appendConfigBlocks(String channel, long firstTransactionBlock) {
        for (long number = 0; number < firstTransactionBlock; number++) {
            Envelope config = Envelope.newBuilder()
                    .setPayload(Payload.newBuilder()
                            .setHeader(Header.newBuilder()
                                    .setChannelHeader(ChannelHeader.newBuilder()
                                            .setType(HeaderType.CONFIG_VALUE)
                                            .setChannelId(channel)
                                            .build()
                                            .toByteString()))
                            .build()
                            .toByteString())
                    .build();
            append(List.of(new Transaction("", TxValidationCode.VALID, config, null, null)));
        }
    }

    synchronized long height() {
        return blocks.size();
    }

    synchronized StoredBlock block(long number) {
        return blocks.get(Math.toIntExact(number));
    }

    synchronized Optional<StoredBlock> containing(String transactionId) {
        return blocks.stream()
                .filter(stored -> stored.transactions().stream()
                        .anyMatch(tx -> tx.transactionId().equals(transactionId)))
                .findFirst();
    }

    /**
     * Cuts the next block from these transactions; with a file, returns once the block is durable.
     *
     * @throws UncheckedIOException when the block cannot be written: it is then not in the store
     */
    synchronized StoredBlock append(List<Transaction> transactions) {
        long number = blocks.size();
        ByteString previousHash = number == 0
                ? ByteString.EMPTY
                : BlockHashes.headerHash(blocks.get(blocks.size() - 1).block().getHeader());
        BlockData.Builder data = BlockData.newBuilder();
        byte[] filter = new byte[transactions.size()];
        for (int i = 0; i < transactions.size(); i++) {
            data.addData(transactions.get(i).envelope().toByteString());
            filter[i] = (byte) transactions.get(i).code().getNumber();
        }
        BlockData blockData = data.build();
        Block block = Block.newBuilder()
                .setHeader(BlockHeader.newBuilder()
                        .setNumber(number)
                        .setPreviousHash(previousHash)
                        .setDataHash(BlockHashes.dataHash(blockData)))
                .setData(blockData)
                .setMetadata(metadata(filter))
                .build();
        StoredBlock stored = new StoredBlock(block, List.copyOf(transactions));
        if (file != null) {
            try {
                file.append(stored);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write block " + number, e);
            }
        }
        blocks.add(stored);
        notifyAll();
        return stored;
    }

    /**
     * Sends, on a thread of its own, what {@code message} makes of each block from {@code start}
     * on, waiting for new blocks, until {@code stop} (inclusive) has been sent or the call is
     * cancelled (the client closed it, or the server stopped); then runs {@code atStop}. The
     * caller's thread never blocks on the client: a fabric-gateway event iterator takes a message
     * only when the application asks for the next one. The caller interrupts the returned
     * (started) thread when the call is cancelled.
     */
    <T> Thread follow(
            long start,
            long stop,
            ServerCallStreamObserver<T> call,
            Function<StoredBlock, Optional<T>> message,
            Runnable atStop) {
        Thread sender = new Thread(
                () -> {
                    try {
                        for (long number = start; number <= stop; number++) {
                            StoredBlock stored = await(number);
                            if (call.isCancelled()) {
                                return;
                            }
                            message.apply(stored).ifPresent(call::onNext);
                        }
                        atStop.run();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    } catch (RuntimeException e) {
                        // The call was cancelled while sending: nothing left to tell anyone.
                    }
                },
                "contract-peer-stream-from-" + start);
        sender.setDaemon(true);
        sender.start();
        return sender;
    }

    private synchronized StoredBlock await(long number) throws InterruptedException {
        while (number >= blocks.size()) {
            wait();
        }
        return blocks.get(Math.toIntExact(number));
    }

    private static BlockMetadata metadata(byte[] transactionsFilter) {
        // Every slot up to the last index (COMMIT_HASH) is present, empty when there is nothing to say.
        ByteString[] slots = new ByteString[BlockMetadataIndex.COMMIT_HASH_VALUE + 1];
        Arrays.fill(slots, ByteString.EMPTY);
        // No orderer signatures: there is no orderer. The last configuration block is the genesis block.
        slots[BlockMetadataIndex.SIGNATURES_VALUE] = Metadata.newBuilder()
                .setValue(OrdererBlockMetadata.newBuilder()
                        .setLastConfig(LastConfig.newBuilder().setIndex(0))
                        .build()
                        .toByteString())
                .build()
                .toByteString();
        slots[BlockMetadataIndex.TRANSACTIONS_FILTER_VALUE] = ByteString.copyFrom(transactionsFilter);
        return BlockMetadata.newBuilder().addAllMetadata(List.of(slots)).build();
    }
}
