package dev.robotledger.gateway.faults;

import static dev.robotledger.contract.ContractTransaction.ASSEMBLE_PRODUCT;
import static dev.robotledger.contract.ContractTransaction.RECORD_ANCHOR;
import static dev.robotledger.contract.ContractTransaction.RECORD_PRODUCTION;
import static dev.robotledger.contract.ContractTransaction.RECORD_QUALITY_CHECK;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import dev.robotledger.ledger.embedded.CertificateAuthority;
import dev.robotledger.wire.message.Envelope;
import dev.robotledger.wire.message.MessageType;
import dev.robotledger.wire.message.ReadingProof;
import dev.robotledger.wire.message.WireFormatException;
import dev.robotledger.wire.proof.LedgerAnchor;
import dev.robotledger.wire.proof.ReadingInclusionProof;
import io.grpc.Grpc;
import io.grpc.ManagedChannel;
import io.grpc.TlsChannelCredentials;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.bouncycastle.asn1.ASN1EncodableVector;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.DERSequence;
import org.hyperledger.fabric.client.CloseableIterator;
import org.hyperledger.fabric.client.Gateway;
import org.hyperledger.fabric.client.GatewayException;
import org.hyperledger.fabric.client.Network;
import org.hyperledger.fabric.client.identity.Signers;
import org.hyperledger.fabric.client.identity.X509Identity;
import org.hyperledger.fabric.protos.common.Block;
import org.hyperledger.fabric.protos.common.BlockMetadataIndex;
import org.hyperledger.fabric.protos.common.BlockchainInfo;
import org.hyperledger.fabric.protos.common.ChannelHeader;
import org.hyperledger.fabric.protos.common.HeaderType;
import org.hyperledger.fabric.protos.common.Payload;
import org.hyperledger.fabric.protos.ledger.rwset.NsReadWriteSet;
import org.hyperledger.fabric.protos.ledger.rwset.TxReadWriteSet;
import org.hyperledger.fabric.protos.ledger.rwset.kvrwset.KVRWSet;
import org.hyperledger.fabric.protos.ledger.rwset.kvrwset.KVWrite;
import org.hyperledger.fabric.protos.peer.ChaincodeAction;
import org.hyperledger.fabric.protos.peer.ChaincodeActionPayload;
import org.hyperledger.fabric.protos.peer.ChaincodeInvocationSpec;
import org.hyperledger.fabric.protos.peer.ChaincodeProposalPayload;
import org.hyperledger.fabric.protos.peer.ProposalResponsePayload;
import org.hyperledger.fabric.protos.peer.Transaction;
import org.hyperledger.fabric.protos.peer.TransactionAction;
import org.hyperledger.fabric.protos.peer.TxValidationCode;

/**
 * The ledger's independent checker. It reads every block from the peer's Deliver service (full
 * blocks, through the Fabric Gateway client's block events, signing as an identity of its own of
 * another organisation) and the chain height from qscc {@code GetChainInfo} (what
 * {@code peer channel getinfo} asks), and decodes the blocks here with fabric-protos: none of the
 * gateway's code (not its read model or {@code BlockDecoder}, not its journal) decides what is on
 * the ledger. Each block's number, data hash and previous-header hash are checked as a peer
 * commits them, and each transaction's validation code is read from the block's transactions
 * filter. What it compares the ledger with is what each robot's broker acknowledged, byte for byte.
 *
 * <p>Readings reach the ledger only as Merkle roots, so a reading's place is shown by an inclusion
 * proof: the gateway's {@code /api/readings/{robot}/{seq}/proof} is fetched for one reading per
 * acknowledged window (at a random position), its window header must be the one the robot signed,
 * it is verified with wire's proof verifier under the robot's key, and its batch root must be the
 * Merkle root this checker read from the block that anchored the batch (the proof's own root and
 * anchor are the gateway's word, never taken for the ledger's). The window's signed root covers
 * all its readings (the acknowledged bytes are parsed with the seal check), so one proof per window
 * places every reading of it.
 *
 * <p>The ledger here is {@code ContractPeer}, a test double of a peer running the real contract:
 * <strong>not Fabric</strong>.
 */
final class LedgerChecker implements AutoCloseable {

    static final String CHANNEL = "provenance";
    static final String CHAINCODE = "provenance";
    static final Set<String> PRODUCTION_FUNCTIONS = Set.of(
            RECORD_PRODUCTION.functionName(), ASSEMBLE_PRODUCT.functionName(), RECORD_QUALITY_CHECK.functionName());
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final char KEY_SEPARATOR = '\u0000';

    /** One proof from whoever serves them (the gateway's API in the fault suite); empty when there is none. */
    @FunctionalInterface
    interface ProofSource {
        Optional<byte[]> proof(String robotId, long readingSeq);
    }

    /** An endorser transaction of the chaincode as a block holds it. */
    record LedgerTransaction(
            long blockNumber,
            int index,
            String transactionId,
            TxValidationCode code,
            String function,
            List<String> args,
            Map<String, ByteString> writes) {

        boolean valid() {
            return code == TxValidationCode.VALID;
        }

        String eventId() {
            return args.size() > 1 ? args.get(1) : "";
        }
    }

    /** A batch root the contract recorded in a VALID transaction (read from its write set). */
    record Anchor(String batchId, String merkleRoot, long readingCount, String transactionId, long blockNumber) {}

    private final ManagedChannel channel;
    private final Gateway gateway;
    private final Network network;
    private final List<LedgerTransaction> transactions = new ArrayList<>();
    private final Set<String> anchoredBatchIds = new HashSet<>();
    private final Set<String> productionEventIds = new HashSet<>();
    private long nextBlock;
    private ByteString previousHeaderHash = ByteString.EMPTY;
    private long chainBreaks;
    private boolean reachable = true;

    private LedgerChecker(ManagedChannel channel, Gateway gateway) {
        this.channel = channel;
        this.gateway = gateway;
        this.network = gateway.getNetwork(CHANNEL);
    }

    /**
     * Connects over TLS to the peer at {@code endpoint} (trusting {@code tlsCaFile}, expecting
     * {@code tlsServerName}), as a new RetailerMSP identity written to {@code dir}: not the
     * gateway's identity, not its connection.
     */
    static LedgerChecker connect(String endpoint, Path tlsCaFile, String tlsServerName, Path dir) {
        CertificateAuthority.Issued reader;
        ManagedChannel channel;
        try {
            reader = CertificateAuthority.newCa("ca.retailer.test").issue("LedgerChecker@retailer.test", null, dir);
            channel = Grpc.newChannelBuilder(
                            endpoint,
                            TlsChannelCredentials.newBuilder()
                                    .trustManager(tlsCaFile.toFile())
                                    .build())
                    .overrideAuthority(tlsServerName)
                    .build();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Gateway gateway = Gateway.newInstance()
                .identity(new X509Identity("RetailerMSP", reader.certificate()))
                .signer(Signers.newPrivateKeySigner(reader.keys().getPrivate()))
                .connection(channel)
                .evaluateOptions(options -> options.withDeadlineAfter(5, TimeUnit.SECONDS))
                .connect();
        return new LedgerChecker(channel, gateway);
    }

    /**
     * Reads the blocks committed since the last call. False when the peer could not be asked or
     * the stream broke off (the blocks read until then are kept, and the next call goes on from there).
     */
    synchronized boolean refresh() {
        if (!reachable) {
            // A restarted peer is reached at once, not after gRPC's reconnect back-off.
            channel.resetConnectBackoff();
        }
        reachable = readNewBlocks();
        return reachable;
    }

    private boolean readNewBlocks() {
        long height;
        try {
            height = BlockchainInfo.parseFrom(network.getContract("qscc").evaluateTransaction("GetChainInfo", CHANNEL))
                    .getHeight();
        } catch (GatewayException | InvalidProtocolBufferException | RuntimeException peerAway) {
            return false;
        }
        if (nextBlock >= height) {
            return true;
        }
        try (CloseableIterator<Block> blocks = network.newBlockEventsRequest()
                .startBlock(nextBlock)
                .build()
                .getEvents(options -> options.withDeadlineAfter(60, TimeUnit.SECONDS))) {
            while (nextBlock < height) {
                read(blocks.next());
            }
            return true;
        } catch (RuntimeException streamBroken) {
            return false;
        }
    }

    /** Whether the ledger holds a VALID anchor of every batch and a VALID transaction of every event named. */
    synchronized boolean hasCommitted(Set<String> batchIds, Set<String> eventIds) {
        return refresh() && anchoredBatchIds.containsAll(batchIds) && productionEventIds.containsAll(eventIds);
    }

    synchronized long height() {
        return nextBlock;
    }

    private void read(Block block) {
        long number = block.getHeader().getNumber();
        if (number != nextBlock) {
            throw new IllegalStateException("the peer sent block " + number + " where block " + nextBlock + " was due");
        }
        MessageDigest data = sha256();
        block.getData().getDataList().forEach(envelope -> data.update(envelope.toByteArray()));
        if (!Arrays.equals(data.digest(), block.getHeader().getDataHash().toByteArray())
                || !block.getHeader().getPreviousHash().equals(previousHeaderHash)) {
            chainBreaks++;
        }
        previousHeaderHash = headerHash(block);
        nextBlock++;
        ByteString filter = block.getMetadata().getMetadataCount() > BlockMetadataIndex.TRANSACTIONS_FILTER_VALUE
                ? block.getMetadata().getMetadata(BlockMetadataIndex.TRANSACTIONS_FILTER_VALUE)
                : ByteString.EMPTY;
        for (int i = 0; i < block.getData().getDataCount(); i++) {
            TxValidationCode code = i < filter.size() ? TxValidationCode.forNumber(filter.byteAt(i) & 0xff) : null;
            decode(number, i, block.getData().getData(i), code == null ? TxValidationCode.INVALID_OTHER_REASON : code)
                    .ifPresent(this::add); // configuration and other chaincodes' transactions are not checked
        }
    }

    private void add(LedgerTransaction tx) {
        transactions.add(tx);
        if (!tx.valid()) {
            return;
        }
        if (RECORD_ANCHOR.functionName().equals(tx.function())) {
            anchor(tx).ifPresent(anchor -> anchoredBatchIds.add(anchor.batchId()));
        } else if (PRODUCTION_FUNCTIONS.contains(tx.function())) {
            productionEventIds.add(tx.eventId());
        }
    }

    /** An endorser transaction of the provenance chaincode: its arguments and public writes. */
    private static Optional<LedgerTransaction> decode(long block, int index, ByteString bytes, TxValidationCode code) {
        try {
            Payload payload = Payload.parseFrom(org.hyperledger.fabric.protos.common.Envelope.parseFrom(bytes)
                    .getPayload());
            ChannelHeader header = ChannelHeader.parseFrom(payload.getHeader().getChannelHeader());
            if (header.getType() != HeaderType.ENDORSER_TRANSACTION_VALUE) {
                return Optional.empty();
            }
            Transaction transaction = Transaction.parseFrom(payload.getData());
            if (transaction.getActionsCount() != 1) {
                return Optional.empty();
            }
            TransactionAction action = transaction.getActions(0);
            ChaincodeActionPayload actionPayload = ChaincodeActionPayload.parseFrom(action.getPayload());
            ChaincodeInvocationSpec invocation = ChaincodeInvocationSpec.parseFrom(
                    ChaincodeProposalPayload.parseFrom(actionPayload.getChaincodeProposalPayload())
                            .getInput());
            if (!CHAINCODE.equals(invocation.getChaincodeSpec().getChaincodeId().getName())) {
                return Optional.empty();
            }
            List<String> args = invocation.getChaincodeSpec().getInput().getArgsList().stream()
                    .map(arg -> arg.toString(StandardCharsets.UTF_8))
                    .toList();
            ChaincodeAction chaincodeAction = ChaincodeAction.parseFrom(
                    ProposalResponsePayload.parseFrom(actionPayload.getAction().getProposalResponsePayload())
                            .getExtension());
            Map<String, ByteString> writes = new TreeMap<>();
            for (NsReadWriteSet namespace :
                    TxReadWriteSet.parseFrom(chaincodeAction.getResults()).getNsRwsetList()) {
                if (CHAINCODE.equals(namespace.getNamespace())) {
                    for (KVWrite write : KVRWSet.parseFrom(namespace.getRwset()).getWritesList()) {
                        writes.put(write.getKey(), write.getIsDelete() ? ByteString.EMPTY : write.getValue());
                    }
                }
            }
            return Optional.of(new LedgerTransaction(
                    block, index, header.getTxId(), code, args.isEmpty() ? "" : args.get(0), args, writes));
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalStateException(
                    "transaction " + index + " of block " + block + " is not a Fabric envelope", e);
        }
    }

    /** The anchor the transaction wrote under {@code anchor/<batchId>}, if it wrote one. */
    private static Optional<Anchor> anchor(LedgerTransaction tx) {
        JsonNode request = json(tx.args().size() > 2 ? tx.args().get(2) : "{}");
        String batchId = request.path("batchId").asText();
        ByteString written = tx.writes().get(compositeKey("anchor", batchId));
        if (written == null || written.isEmpty()) {
            return Optional.empty();
        }
        JsonNode anchor = json(written.toStringUtf8());
        return Optional.of(new Anchor(
                batchId,
                anchor.path("merkleRoot").asText(),
                anchor.path("readingCount").asLong(),
                tx.transactionId(),
                tx.blockNumber()));
    }

    /** Compares the ledger read so far with what the broker acknowledged to the robots. */
    synchronized Verdict check(
            Map<String, byte[]> acknowledged, Map<String, PublicKey> robotKeys, ProofSource proofs, Random random) {
        Map<String, List<Anchor>> anchorsByBatch = new TreeMap<>();
        Map<String, List<LedgerTransaction>> productionByEvent = new HashMap<>();
        long valid = 0;
        long anchorTransactionsWithoutAnchor = 0;
        for (LedgerTransaction tx : transactions) {
            if (!tx.valid()) {
                continue;
            }
            valid++;
            if (RECORD_ANCHOR.functionName().equals(tx.function())) {
                Optional<Anchor> anchor = anchor(tx);
                anchor.ifPresent(a -> anchorsByBatch
                        .computeIfAbsent(a.batchId(), id -> new ArrayList<>())
                        .add(a));
                if (anchor.isEmpty()) {
                    anchorTransactionsWithoutAnchor++;
                }
            } else if (PRODUCTION_FUNCTIONS.contains(tx.function())) {
                productionByEvent
                        .computeIfAbsent(tx.eventId(), id -> new ArrayList<>())
                        .add(tx);
            }
        }

        List<Envelope> windows = new ArrayList<>();
        List<Envelope> events = new ArrayList<>();
        for (byte[] bytes : acknowledged.values()) {
            // Parsing checks the window's seal: its readings hash to the root the robot signed.
            Envelope envelope = Envelope.parse(bytes, Envelope.DEFAULT_MAX_BYTES);
            if (envelope.type() == MessageType.TELEMETRY_WINDOW) {
                windows.add(envelope);
            } else if (envelope.type().isProductionEvent()) {
                events.add(envelope);
            }
        }
        windows.sort((a, b) -> a.id().compareTo(b.id()));

        // Readings: each acknowledged window placed by a verified proof in a batch the ledger anchored.
        Map<String, Set<Long>> provenLeaves = new HashMap<>();
        Map<String, Long> leafCounts = new HashMap<>();
        Map<String, Long> provenReadings = new HashMap<>();
        Map<String, Long> proofFailures = new TreeMap<>();
        long readingsAcknowledged = 0;
        long windowsLost = 0;
        long readingsLost = 0;
        for (Envelope window : windows) {
            int readings = window.telemetryWindow().readingCount();
            readingsAcknowledged += readings;
            int index = random.nextInt(readings);
            Result placed = placeWindow(window, index, robotKeys.get(window.robotId()), proofs, anchorsByBatch);
            String failure = placed.failure();
            if (failure == null) {
                String batch = Long.toString(placed.proof().batchId());
                long leafCount = placed.proof().batchInclusion().leafCount();
                if (!provenLeaves
                        .computeIfAbsent(batch, b -> new HashSet<>())
                        .add(placed.proof().batchInclusion().leafIndex())) {
                    failure = "two windows at one leaf of a batch";
                } else if (leafCounts.computeIfAbsent(batch, b -> leafCount) != leafCount) {
                    failure = "proofs of one batch disagree on its leaf count";
                } else {
                    provenReadings.merge(batch, (long) readings, Long::sum);
                }
            }
            if (failure != null) {
                windowsLost++;
                readingsLost += readings;
                proofFailures.merge(failure, 1L, Long::sum);
            }
        }

        // Batches: every leaf of every anchored batch accounted for by an acknowledged window, once.
        Map<String, String> firstBatchOfRoot = new HashMap<>();
        long anchoredReadings = 0;
        long duplicatedAnchorTransactions = 0;
        long duplicatedBatches = 0;
        long duplicatedReadings = 0;
        long batchesNeverSent = 0;
        long readingsNeverSent = 0;
        long unaccountedLeaves = 0;
        long readingCountMismatches = 0;
        for (Map.Entry<String, List<Anchor>> entry : anchorsByBatch.entrySet()) {
            String batch = entry.getKey();
            Anchor anchor = entry.getValue().get(0);
            duplicatedAnchorTransactions += entry.getValue().size() - 1;
            anchoredReadings += anchor.readingCount();
            String sameRoot = firstBatchOfRoot.putIfAbsent(anchor.merkleRoot(), batch);
            Set<Long> proven = provenLeaves.getOrDefault(batch, Set.of());
            if (sameRoot != null && proven.isEmpty()) {
                // The same root as another batch: the same windows, anchored a second time.
                duplicatedBatches++;
                duplicatedReadings += anchor.readingCount();
            } else if (proven.isEmpty()) {
                batchesNeverSent++;
                readingsNeverSent += anchor.readingCount();
            } else {
                unaccountedLeaves += leafCounts.get(batch) - proven.size();
                if (anchor.readingCount() != provenReadings.get(batch)) {
                    readingCountMismatches++;
                }
            }
        }

        // Production events: each acknowledged one in exactly one VALID transaction, as the robot signed it.
        Set<String> acknowledgedEventIds = new HashSet<>();
        long eventsLost = 0;
        long eventsDuplicated = 0;
        long eventsMismatched = 0;
        for (Envelope event : events) {
            String eventId = "production-" + event.robotId() + "-" + event.seq();
            acknowledgedEventIds.add(eventId);
            List<LedgerTransaction> onLedger = productionByEvent.getOrDefault(eventId, List.of());
            if (onLedger.isEmpty()) {
                eventsLost++;
                continue;
            }
            eventsDuplicated += onLedger.size() - 1;
            if (!onLedger.stream().allMatch(tx -> asSigned(event, tx))) {
                eventsMismatched++;
            }
        }
        long eventsNeverSent = productionByEvent.keySet().stream()
                .filter(id -> !acknowledgedEventIds.contains(id))
                .count();
        long eventTransactions =
                productionByEvent.values().stream().mapToLong(List::size).sum();
        long invalid = transactions.size() - valid;
        return new Verdict(
                nextBlock,
                chainBreaks,
                valid,
                invalid,
                windows.size(),
                readingsAcknowledged,
                windows.size() - windowsLost,
                proofFailures,
                anchorsByBatch.size(),
                anchoredReadings,
                anchorTransactionsWithoutAnchor,
                windowsLost,
                readingsLost,
                duplicatedAnchorTransactions,
                duplicatedBatches,
                duplicatedReadings,
                batchesNeverSent,
                readingsNeverSent,
                unaccountedLeaves,
                readingCountMismatches,
                events.size(),
                eventTransactions,
                eventsLost,
                eventsDuplicated,
                eventsNeverSent,
                eventsMismatched);
    }

    /** The proof that places {@code window} in an anchored batch, or why there is none. */
    private static Result placeWindow(
            Envelope window,
            int index,
            PublicKey robotKey,
            ProofSource proofs,
            Map<String, List<Anchor>> anchorsByBatch) {
        long readingSeq = window.telemetryWindow().firstReadingSeq() + index;
        Optional<byte[]> bytes = proofs.proof(window.robotId(), readingSeq);
        if (bytes.isEmpty()) {
            return Result.failed("no proof served");
        }
        ReadingInclusionProof proof;
        try {
            proof = ReadingInclusionProof.parse(bytes.get());
        } catch (WireFormatException e) {
            return Result.failed("proof unreadable");
        }
        if (proof.reading().readingSeq() != readingSeq
                || !Arrays.equals(
                        proof.windowHeaderBytes(),
                        ReadingProof.of(window, index).signedWindowHeader())) {
            return Result.failed("proof of another window");
        }
        if (robotKey == null || !proof.verify(robotKey).cryptographicallyValid()) {
            return Result.failed("proof does not verify");
        }
        List<Anchor> anchors = anchorsByBatch.get(Long.toString(proof.batchId()));
        if (anchors == null) {
            return Result.failed("batch not anchored on the ledger");
        }
        if (!anchors.get(0).merkleRoot().equals(proof.batchRoot().hex())) {
            return Result.failed("batch root differs from the ledger's");
        }
        Optional<LedgerAnchor> named = proof.anchor();
        if (named.isEmpty()
                || !named.get().transactionId().equals(anchors.get(0).transactionId())
                || named.get().blockNumber() != anchors.get(0).blockNumber()) {
            return Result.failed("proof names another transaction than the ledger's");
        }
        return new Result(proof, null);
    }

    /** A verified proof, or why there is none. */
    private record Result(ReadingInclusionProof proof, String failure) {
        static Result failed(String why) {
            return new Result(null, why);
        }
    }

    /** The ledger's request carries the good, robot and time the robot signed. */
    private static boolean asSigned(Envelope event, LedgerTransaction tx) {
        JsonNode request = json(tx.args().size() > 2 ? tx.args().get(2) : "{}");
        JsonNode signed = event.payload();
        return switch (event.type()) {
            case COMPONENT_PRODUCED ->
                RECORD_PRODUCTION.functionName().equals(tx.function()) && sameProduct(event, signed, request);
            case ASSEMBLED ->
                ASSEMBLE_PRODUCT.functionName().equals(tx.function())
                        && sameProduct(event, signed.path("product"), request.path("product"))
                        && signed.path("parts").equals(request.path("parts"));
            case QUALITY_CHECK ->
                RECORD_QUALITY_CHECK.functionName().equals(tx.function())
                        && signed.path("goodId").equals(request.path("goodId"))
                        && signed.path("producedBy").equals(request.path("producedBy"))
                        && event.robotId().equals(request.path("inspector").asText())
                        && signed.path("result").equals(request.path("result"));
            default -> false;
        };
    }

    private static boolean sameProduct(Envelope event, JsonNode signed, JsonNode request) {
        return signed.path("goodId").equals(request.path("goodId"))
                && event.robotId().equals(request.path("robotId").asText())
                && event.timestamp() == request.path("producedAtEpochMillis").asLong();
    }

    static String compositeKey(String objectType, String... attributes) {
        StringBuilder key =
                new StringBuilder().append(KEY_SEPARATOR).append(objectType).append(KEY_SEPARATOR);
        for (String attribute : attributes) {
            key.append(attribute).append(KEY_SEPARATOR);
        }
        return key.toString();
    }

    /** SHA-256 over the ASN.1 DER of (number, previous hash, data hash), as Fabric hashes a block header. */
    private static ByteString headerHash(Block block) {
        ASN1EncodableVector fields = new ASN1EncodableVector();
        fields.add(new ASN1Integer(block.getHeader().getNumber()));
        fields.add(new DEROctetString(block.getHeader().getPreviousHash().toByteArray()));
        fields.add(new DEROctetString(block.getHeader().getDataHash().toByteArray()));
        try {
            return ByteString.copyFrom(sha256().digest(new DERSequence(fields).getEncoded(ASN1Encoding.DER)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static JsonNode json(String text) {
        try {
            return JSON.readTree(text);
        } catch (IOException e) {
            return JSON.createObjectNode();
        }
    }

    @Override
    public void close() throws InterruptedException {
        gateway.close();
        channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }

    /**
     * What the ledger checker found; the ledger is {@code ContractPeer}, a test double, not Fabric.
     *
     * @param blocksRead                 blocks read from the Deliver service
     * @param chainBreaks                blocks whose data hash or previous-header hash do not hold
     * @param windowsProven              acknowledged windows placed by a verified proof in an anchored batch
     * @param proofFailures              why the other windows were not, by reason
     * @param anchoredBatches            batch ids anchored in a VALID transaction
     * @param anchoredReadings           the reading counts of those anchors, summed
     * @param windowsLost                acknowledged windows not placed in an anchored batch
     * @param duplicatedAnchorTransactions VALID anchors of a batch beyond its first
     * @param duplicatedBatches          batches anchoring the same root as an earlier one (the same windows again)
     * @param batchesNeverSent           anchored batches no acknowledged window was proven to be in
     * @param unaccountedLeaves          leaves of proven batches no acknowledged window accounts for (a
     *                                   window anchored twice, or one no robot sent: roots cannot tell)
     * @param readingCountMismatches     anchored batches whose reading count differs from their proven windows'
     * @param eventTransactions          VALID production transactions
     * @param eventsDuplicated           VALID transactions of an acknowledged event beyond its first
     * @param eventsNeverSent            production event ids on the ledger no robot had acknowledged
     * @param eventsMismatched           events on the ledger whose good, robot or time differ from the signed event
     */
    record Verdict(
            long blocksRead,
            long chainBreaks,
            long validTransactions,
            long invalidTransactions,
            long windowsAcknowledged,
            long readingsAcknowledged,
            long windowsProven,
            Map<String, Long> proofFailures,
            long anchoredBatches,
            long anchoredReadings,
            long anchorTransactionsWithoutAnchor,
            long windowsLost,
            long readingsLost,
            long duplicatedAnchorTransactions,
            long duplicatedBatches,
            long duplicatedReadings,
            long batchesNeverSent,
            long readingsNeverSent,
            long unaccountedLeaves,
            long readingCountMismatches,
            long eventsAcknowledged,
            long eventTransactions,
            long eventsLost,
            long eventsDuplicated,
            long eventsNeverSent,
            long eventsMismatched) {

        Verdict {
            proofFailures = Map.copyOf(proofFailures);
        }

        /** Nothing lost, duplicated, invented or inconsistent. */
        boolean clean() {
            return chainBreaks == 0
                    && windowsLost == 0
                    && readingsLost == 0
                    && anchorTransactionsWithoutAnchor == 0
                    && duplicatedAnchorTransactions == 0
                    && duplicatedBatches == 0
                    && duplicatedReadings == 0
                    && batchesNeverSent == 0
                    && readingsNeverSent == 0
                    && unaccountedLeaves == 0
                    && readingCountMismatches == 0
                    && eventsLost == 0
                    && eventsDuplicated == 0
                    && eventsNeverSent == 0
                    && eventsMismatched == 0;
        }
    }
}
