package dev.robotledger.ledger.embedded;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.protobuf.ByteString;
import dev.robotledger.contract.ContractTransaction;
import dev.robotledger.contract.testkit.CollectionsConfig;
import dev.robotledger.contract.testkit.ContractDispatcher;
import dev.robotledger.contract.testkit.InMemoryChaincodeStub;
import dev.robotledger.contract.testkit.InMemoryLedger;
import dev.robotledger.contract.testkit.TestIdentities;
import io.grpc.ServerBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PublicKey;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.hyperledger.fabric.protos.common.Block;
import org.hyperledger.fabric.protos.common.BlockHeader;
import org.hyperledger.fabric.protos.common.BlockchainInfo;
import org.hyperledger.fabric.protos.common.ChannelHeader;
import org.hyperledger.fabric.protos.common.Envelope;
import org.hyperledger.fabric.protos.common.Header;
import org.hyperledger.fabric.protos.common.HeaderType;
import org.hyperledger.fabric.protos.common.Payload;
import org.hyperledger.fabric.protos.ledger.rwset.NsReadWriteSet;
import org.hyperledger.fabric.protos.ledger.rwset.TxReadWriteSet;
import org.hyperledger.fabric.protos.ledger.rwset.kvrwset.KVRWSet;
import org.hyperledger.fabric.protos.ledger.rwset.kvrwset.KVRead;
import org.hyperledger.fabric.protos.ledger.rwset.kvrwset.KVWrite;
import org.hyperledger.fabric.protos.ledger.rwset.kvrwset.QueryReads;
import org.hyperledger.fabric.protos.ledger.rwset.kvrwset.RangeQueryInfo;
import org.hyperledger.fabric.protos.ledger.rwset.kvrwset.Version;
import org.hyperledger.fabric.protos.peer.ChaincodeAction;
import org.hyperledger.fabric.protos.peer.ChaincodeActionPayload;
import org.hyperledger.fabric.protos.peer.ChaincodeEndorsedAction;
import org.hyperledger.fabric.protos.peer.ChaincodeEvent;
import org.hyperledger.fabric.protos.peer.ProposalResponsePayload;
import org.hyperledger.fabric.protos.peer.Response;
import org.hyperledger.fabric.protos.peer.Transaction;
import org.hyperledger.fabric.protos.peer.TransactionAction;
import org.hyperledger.fabric.protos.peer.TxValidationCode;
import org.hyperledger.fabric.shim.Chaincode;
import org.hyperledger.fabric.shim.ledger.CompositeKey;

/**
 * A double of one organisation's Fabric peer that runs the <em>real</em> provenance contract:
 * the embedded ledger where no Fabric network runs, and what the gateway's ledger adapters are
 * tested against.
 *
 * <p>What it is: the peer's Gateway service ({@link PeerGatewayService}: endorse, submit, commit
 * status, evaluate, chaincode events) and Deliver service ({@link PeerDeliverService}: block
 * events), fed by the real fabric-gateway client's signed messages. A proposal is simulated by
 * the chaincode's {@code ProvenanceContract} through the test kit's {@code ContractDispatcher} (the shim's routing), on the
 * chaincode's in-memory world state ({@code InMemoryLedger} from the chaincode's test-jar), with
 * the proposal's creator (the client's X.509 identity and the MSP id it names, which the
 * contract's access rules read), arguments, timestamp and
 * transient map. A chaincode refusal is the endorsement error a peer's Gateway returns; a
 * success is a prepared transaction carrying the response, the chaincode event and the read/write
 * set. A fake orderer cuts one block per submitted transaction; the commit validates it with
 * Fabric's MVCC rules (a key read at a version that changed since: {@code MVCC_READ_CONFLICT};
 * a range that changed: {@code PHANTOM_READ_CONFLICT}) and applies its writes only when
 * {@code VALID}. Stopping the server that serves it and starting it again is a peer restart:
 * the ledger stays. A peer {@link #openAt opened on a directory} keeps its blocks there, each
 * on the disk before its transactions are reported committed, and rebuilds its world state
 * from them when opened again.
 *
 * <p>What it is not: Fabric. There are no endorsement policies (chaincode-level and state-based
 * endorsement are not checked, so {@code ENDORSEMENT_POLICY_FAILURE} only happens when injected),
 * no ordering service, no other organisation's peer, no private data dissemination, no channel
 * configuration beyond empty configuration blocks below the first transaction block. The
 * read/write set in a prepared transaction holds public reads, range reads and writes only (no
 * key-level policy writes, no private data hashes).
 *
 * <p>Failures to simulate, for the gateway's retry paths: conflicts on the next commits, another
 * validation code on the next commit, refused endorsements, lost commit-status answers, the
 * chaincode's process down while the peer is up.
 * {@link #proposals()} and {@link #commits()} are what this peer's Gateway service received;
 * {@link #submitAs} adds transactions of other clients of the channel, which are in the blocks and
 * the world state but not in those lists.
 *
 * <pre>{@code
 * ContractPeer peer = new ContractPeer(7);
 * Server server = peer.addTo(InProcessServerBuilder.forName(name).directExecutor()).build().start();
 * peer.submitAs("ManufacturerMSP", ContractTransaction.REGISTER_ROBOT.functionName(), "evt-1", registrationJson);
 * }</pre>
 */
public final class ContractPeer implements AutoCloseable {

    public static final String CHANNEL = "provenance";
    public static final String CHAINCODE = "provenance";
    static final String MSP_ID = "ManufacturerMSP";
    static final String ADDRESS = "peer0.manufacturer.test:7051";
    /** As a Fabric 2.5 peer names an installed chaincode-as-a-service package: label and SHA-256. */
    static final String PACKAGE_ID = "provenance_1.0:"
            + HexFormat.of().formatHex(DecodedProposal.sha256("provenance_1.0".getBytes(StandardCharsets.UTF_8)));

    static final String CHAINCODE_SERVER = "provenance.manufacturer.test:9999";
    private static final ObjectMapper JSON = new ObjectMapper();

    /** One proposal as the peer received it. */
    public record ReceivedProposal(
            String rpc,
            String transactionId,
            String channel,
            String chaincode,
            String function,
            List<String> args,
            String creatorMspId,
            boolean signatureValid) {}

    /** A transaction the fake orderer put in a block, and what validation decided. */
    public record Committed(String transactionId, long blockNumber, TxValidationCode code) {}

    /** The contract refused (a {@code ChaincodeException}), or the proposal names nothing this peer runs. */
    static final class ChaincodeRefusal extends Exception {
        private final String payload;

        ChaincodeRefusal(String message) {
            this(message, "");
        }

        ChaincodeRefusal(String message, String payload) {
            super(message);
            this.payload = payload;
        }
    }

    /**
     * The contract refused a transaction of another client ({@link #submitAs}, {@link #evaluateAs}):
     * its message, as a peer's Gateway passes it on, and the payload it sent with it (the
     * contract's error code), which a Gateway client never sees.
     */
    public static final class ContractRefusal extends IllegalStateException {
        private final String chaincodeMessage;
        private final String payload;

        ContractRefusal(String function, String mspId, ChaincodeRefusal refusal) {
            super(function + " by " + mspId + " refused: " + refusal.getMessage(), refusal);
            this.chaincodeMessage = refusal.getMessage();
            this.payload = refusal.payload;
        }

        public String chaincodeMessage() {
            return chaincodeMessage;
        }

        public String payload() {
            return payload;
        }
    }

    /**
     * The peer could not reach the chaincode: its message is the peer's own, not the chaincode's
     * (a peer answers such a proposal with status 500 and no proposal response payload).
     */
    static final class ChaincodeUnreachable extends Exception {
        ChaincodeUnreachable(String message) {
            super(message);
        }
    }

    private record Simulation(DecodedProposal proposal, InMemoryChaincodeStub stub, Chaincode.Response response) {}

    private final InMemoryLedger ledger = new InMemoryLedger(ChaincodeDefinition.COLLECTIONS);
    private final BlockStore blocks;
    // Null for a peer in memory.
    private final BlockFile file;
    private final List<ReceivedProposal> proposals = new ArrayList<>();
    private final List<Committed> commits = new ArrayList<>();
    private final Map<String, Simulation> endorsed = new HashMap<>();
    private final Map<String, Committed> byTransaction = new HashMap<>();
    private final Map<String, String> functions = new HashMap<>();
    private final Map<String, Boolean> submittedSignatures = new HashMap<>();
    private final Map<String, List<String>> endorsingOrganizations = new HashMap<>();
    private int conflictsToCause;
    private TxValidationCode nextInvalidCode;
    private String endorsementRefusal;
    private int commitStatusAnswersToLose;
    private boolean chaincodeStopped;

    /** A channel whose first transaction goes into block 1 (block 0 is the genesis block). */
    public ContractPeer() {
        this(1);
    }

    /** A channel whose first transaction goes into block {@code firstTransactionBlock}. */
    public ContractPeer(long firstTransactionBlock) {
        this(checkedFirstBlock(firstTransactionBlock), null);
    }

    private ContractPeer(BlockStore blocks, BlockFile file) {
        this.blocks = blocks;
        this.file = file;
        // The first router takes seconds (it scans the class path): not inside a client's deadline.
        Router.ready();
    }

    private static BlockStore checkedFirstBlock(long firstTransactionBlock) {
        if (firstTransactionBlock < 1) {
            throw new IllegalArgumentException("block 0 is the genesis block; transactions start at 1 or later");
        }
        return BlockStore.inMemory(CHANNEL, firstTransactionBlock);
    }

    /**
     * A peer whose blocks are kept in {@code dir}: the ledger it holds there, world state and
     * private data rebuilt from its blocks, or a new channel (first transaction in block 1).
     */
    public static ContractPeer openAt(Path dir) throws IOException {
        Files.createDirectories(dir);
        BlockFile file = BlockFile.open(dir.resolve("blocks"));
        try {
            ContractPeer peer = new ContractPeer(BlockStore.open(CHANNEL, file), file);
            peer.rebuildFromBlocks();
            return peer;
        } catch (IOException | RuntimeException e) {
            file.close();
            throw e;
        }
    }

    // As a peer rebuilds its state database from its block store: every VALID transaction's changes, in block order.
    private synchronized void rebuildFromBlocks() {
        for (long number = 0; number < blocks.height(); number++) {
            List<BlockStore.Transaction> transactions = blocks.block(number).transactions();
            for (int i = 0; i < transactions.size(); i++) {
                BlockStore.Transaction tx = transactions.get(i);
                if (tx.changes() != null) {
                    ledger.apply(tx.changes(), number, i);
                }
                if (!tx.transactionId().isEmpty()) {
                    byTransaction.put(tx.transactionId(), new Committed(tx.transactionId(), number, tx.code()));
                }
            }
        }
    }

    /** Closes the file of a peer {@link #openAt opened on a directory}; what it committed stays there. */
    @Override
    public void close() throws IOException {
        if (file != null) {
            file.close();
        }
    }

    /** Adds this peer's Gateway and Deliver services to a gRPC server. */
    public ServerBuilder<?> addTo(ServerBuilder<?> server) {
        return server.addService(new PeerGatewayService(this)).addService(new PeerDeliverService(this));
    }

    // Failure injection.

    public synchronized void conflictOnNextCommits(int count) {
        conflictsToCause = count;
    }

    public synchronized void invalidateNextCommit(TxValidationCode code) {
        nextInvalidCode = code;
    }

    /** Until {@link #acceptEndorsements()}: every endorsement is refused with this chaincode message. */
    public synchronized void refuseEndorsements(String chaincodeMessage) {
        endorsementRefusal = chaincodeMessage;
    }

    public synchronized void acceptEndorsements() {
        endorsementRefusal = null;
    }

    /**
     * Until {@link #startChaincode()}: the chaincode's process is down while the peer is up. Endorse
     * and evaluate of the chaincode fail as a Fabric 2.5 peer's Gateway fails them when it cannot
     * connect to a chaincode-as-a-service ({@code ABORTED}, the peer's "error in simulation ...
     * could not launch chaincode" in the error detail); qscc still answers, and the ledger stays.
     * Other clients' {@link #submitAs} and {@link #evaluateAs} go through other peers: unaffected.
     */
    public synchronized void stopChaincode() {
        chaincodeStopped = true;
    }

    public synchronized void startChaincode() {
        chaincodeStopped = false;
    }

    /** The next commits happen, but their commit-status answers are lost (UNAVAILABLE). */
    public synchronized void loseNextCommitStatusAnswers(int count) {
        commitStatusAnswersToLose = count;
    }

    // What the peer saw and holds.

    public synchronized List<ReceivedProposal> proposals() {
        return List.copyOf(proposals);
    }

    public synchronized List<ReceivedProposal> proposals(String function) {
        return proposals.stream().filter(p -> p.function().equals(function)).toList();
    }

    public synchronized List<Committed> commits() {
        return List.copyOf(commits);
    }

    /** The commits of one chaincode function's transactions, e.g. {@code ContractTransaction.RECORD_ANCHOR.functionName()}. */
    public synchronized List<Committed> commits(String function) {
        return commits.stream()
                .filter(c -> function.equals(functions.get(c.transactionId())))
                .toList();
    }

    /**
     * The organisations the client named to endorse a transaction ({@code setEndorsingOrganizations});
     * empty when it left the choice to the Gateway. Recorded only: this double has one peer and
     * checks no endorsement policy.
     */
    public synchronized List<String> endorsingOrganizations(String transactionId) {
        return endorsingOrganizations.getOrDefault(transactionId, List.of());
    }

    synchronized void endorsingOrganizations(String transactionId, List<String> organizations) {
        endorsingOrganizations.put(transactionId, List.copyOf(organizations));
    }

    public synchronized boolean submittedSignatureValid(String transactionId) {
        return submittedSignatures.getOrDefault(transactionId, false);
    }

    /**
     * The event ids of every write the contract committed, in block order, with the transaction
     * that committed it: read from the chaincode events of VALID transactions, which carry
     * {@code eventId} and {@code txId}.
     */
    public Map<String, String> recordedEvents() {
        Map<String, String> recorded = new LinkedHashMap<>();
        for (long number = 0; number < blocks.height(); number++) {
            for (BlockStore.Transaction tx : blocks.block(number).transactions()) {
                if (tx.event() != null) {
                    JsonNode payload = json(tx.event().getPayload().toByteArray());
                    recorded.put(
                            payload.get("eventId").asText(), payload.get("txId").asText());
                }
            }
        }
        return recorded;
    }

    /** The robots in the committed world state, by id, as the contract's {@code Robot} JSON. */
    public synchronized Map<String, JsonNode> robots() {
        String prefix = new CompositeKey("robot").toString();
        Map<String, JsonNode> robots = new LinkedHashMap<>();
        ledger.committedState().tailMap(prefix, true).entrySet().stream()
                .takeWhile(entry -> entry.getKey().startsWith(prefix))
                .forEach(entry -> {
                    JsonNode robot = json(entry.getValue());
                    robots.put(robot.get("id").asText(), robot);
                });
        return robots;
    }

    /** The number of blocks on the channel, configuration blocks included. */
    public long height() {
        return blocks.height();
    }

    BlockStore blocks() {
        return blocks;
    }

    /** Block {@code number} as the Deliver service sends it. */
    public Block block(long number) {
        return blocks.block(number).block();
    }

    /**
     * A transaction of another client of the channel, of organisation {@code mspId} (a generated
     * identity): simulated by the contract, put in a block of its own and committed, as if it had
     * been submitted through another peer. Not in {@link #proposals()} or {@link #commits()}.
     *
     * @return the contract's answer
     * @throws ContractRefusal when the contract refuses it
     * @throws IllegalStateException when it does not commit VALID
     */
    public synchronized String submitAs(String mspId, String function, String... args) {
        return submitAs(mspId, function, List.of(args), Map.of());
    }

    /** {@link #submitAs(String, String, String...)} with a transient map, e.g. loan terms. */
    public synchronized String submitAs(
            String mspId, String function, List<String> args, Map<String, byte[]> transientMap) {
        List<String> input = new ArrayList<>(List.of(function));
        input.addAll(args);
        DecodedProposal proposal = DecodedProposal.unsigned(
                CHANNEL, CHAINCODE, TestIdentities.creator(mspId), input, transientMap, Instant.now());
        Simulation simulation;
        try {
            simulation = simulate(proposal);
        } catch (ChaincodeRefusal e) {
            throw new ContractRefusal(function, mspId, e);
        }
        Committed committed = order(simulation, preparedTransaction(simulation), false);
        if (committed.code() != TxValidationCode.VALID) {
            throw new IllegalStateException(function + " by " + mspId + " committed " + committed.code());
        }
        return simulation.response().getStringPayload();
    }

    /**
     * A query of another client of organisation {@code mspId}, simulated on the committed state:
     * what a peer's evaluate answers, e.g. to compare a read model with the ledger.
     *
     * @throws ContractRefusal when the contract refuses it
     */
    public synchronized String evaluateAs(String mspId, String function, String... args) {
        List<String> input = new ArrayList<>(List.of(function));
        input.addAll(List.of(args));
        DecodedProposal proposal =
                DecodedProposal.unsigned(CHANNEL, CHAINCODE, TestIdentities.creator(mspId), input, Instant.now());
        try {
            return simulate(proposal).response().getStringPayload();
        } catch (ChaincodeRefusal e) {
            throw new ContractRefusal(function, mspId, e);
        }
    }

    /**
     * A robot registered by another client of organisation {@code mspId} (model, site, line and
     * station "earlier", every capability), under an event id of its own.
     */
    public String registerRobot(String mspId, String robotId, PublicKey key) {
        ObjectNode registration = JSON.createObjectNode()
                .put("robotId", robotId)
                .put("model", "earlier")
                .put("site", "earlier")
                .put("line", "earlier")
                .put("station", "earlier");
        registration.putArray("capabilities").add("PRODUCE").add("ASSEMBLE").add("INSPECT");
        registration.put("publicKeyPem", CertificateAuthority.pem("PUBLIC KEY", key.getEncoded()));
        return submitAs(
                mspId,
                ContractTransaction.REGISTER_ROBOT.functionName(),
                "earlier-register-" + robotId + "-" + height(),
                registration.toString());
    }

    /** RevokeRobot by another client of organisation {@code mspId}, under an event id of its own. */
    public String revokeRobot(String mspId, String robotId) {
        ObjectNode revocation = JSON.createObjectNode().put("robotId", robotId).put("reason", "revoked earlier");
        return submitAs(
                mspId,
                ContractTransaction.REVOKE_ROBOT.functionName(),
                "earlier-revoke-" + robotId + "-" + height(),
                revocation.toString());
    }

    // The Gateway service's operations.

    synchronized Envelope endorse(DecodedProposal proposal) throws ChaincodeRefusal, ChaincodeUnreachable {
        received("Endorse", proposal);
        requireChaincodeReachable(proposal);
        if (endorsementRefusal != null) {
            throw new ChaincodeRefusal(endorsementRefusal);
        }
        Simulation simulation = simulate(proposal);
        endorsed.put(proposal.transactionId(), simulation);
        return preparedTransaction(simulation);
    }

    /** Orders and commits an endorsed transaction; false when this peer did not endorse it. */
    synchronized boolean submit(String transactionId, Envelope transaction) {
        Simulation simulation = endorsed.remove(transactionId);
        if (simulation == null) {
            return false;
        }
        submittedSignatures.put(transactionId, DecodedProposal.signedByCreator(transaction));
        order(simulation, transaction, true);
        return true;
    }

    /** The transaction's commit, or empty when unknown; throws when the answer is to be lost. */
    synchronized Optional<Committed> commitStatus(String transactionId) throws AnswerLost {
        Committed committed = byTransaction.get(transactionId);
        if (committed != null && commitStatusAnswersToLose > 0) {
            commitStatusAnswersToLose--;
            throw new AnswerLost();
        }
        return Optional.ofNullable(committed);
    }

    /** The commit-status answer is lost on its way to the client. */
    static final class AnswerLost extends Exception {}

    /** A query: simulated on the committed state, never ordered, so it writes nothing. */
    synchronized byte[] evaluate(DecodedProposal proposal) throws ChaincodeRefusal, ChaincodeUnreachable {
        received("Evaluate", proposal);
        if ("qscc".equals(proposal.chaincode())) {
            return queryBlocks(proposal);
        }
        requireChaincodeReachable(proposal);
        return simulate(proposal).response().getPayload();
    }

    /**
     * The message of a Fabric 2.5 peer whose chaincode-as-a-service does not accept connections:
     * the endorser's "error in simulation", the chaincode support's "failed to execute transaction"
     * and "could not launch chaincode", the external launcher's connection failure.
     */
    private void requireChaincodeReachable(DecodedProposal proposal) throws ChaincodeUnreachable {
        if (chaincodeStopped && CHAINCODE.equals(proposal.chaincode())) {
            throw new ChaincodeUnreachable("error in simulation: failed to execute transaction "
                    + proposal.transactionId() + ": could not launch chaincode " + PACKAGE_ID + ": connection to "
                    + PACKAGE_ID + " failed: error cannot create connection for " + PACKAGE_ID
                    + ": error creating grpc connection to " + CHAINCODE_SERVER
                    + ": failed to create new connection: context deadline exceeded");
        }
    }

    private byte[] queryBlocks(DecodedProposal proposal) throws ChaincodeRefusal {
        List<String> args = proposal.args();
        if ("GetBlockByTxID".equals(proposal.function()) && args.size() == 2 && CHANNEL.equals(args.get(0))) {
            return blocks.containing(args.get(1))
                    .orElseThrow(() -> new ChaincodeRefusal(
                            "Failed to get block for txID " + args.get(1) + ", error entry not found in index"))
                    .block()
                    .toByteArray();
        }
        if ("GetBlockByNumber".equals(proposal.function()) && args.size() == 2 && CHANNEL.equals(args.get(0))) {
            long number = Long.parseLong(args.get(1));
            if (number >= blocks.height()) {
                throw new ChaincodeRefusal("Failed to get block number " + number + ", error Entry not found in index");
            }
            return blocks.block(number).block().toByteArray();
        }
        if ("GetChainInfo".equals(proposal.function()) && args.size() == 1 && CHANNEL.equals(args.get(0))) {
            BlockchainInfo.Builder info = BlockchainInfo.newBuilder().setHeight(blocks.height());
            if (blocks.height() > 0) {
                BlockHeader last = blocks.block(blocks.height() - 1).block().getHeader();
                info.setCurrentBlockHash(BlockHashes.headerHash(last)).setPreviousBlockHash(last.getPreviousHash());
            }
            return info.build().toByteArray();
        }
        throw new ChaincodeRefusal("this test double's qscc answers GetBlockByTxID, GetBlockByNumber and GetChainInfo"
                + " on channel " + CHANNEL + " only, not " + proposal.function() + " " + args);
    }

    private void received(String rpc, DecodedProposal proposal) {
        proposals.add(new ReceivedProposal(
                rpc,
                proposal.transactionId(),
                proposal.channel(),
                proposal.chaincode(),
                proposal.function(),
                proposal.args(),
                proposal.creator().getMspid(),
                proposal.signatureValid()));
    }

    private Simulation simulate(DecodedProposal proposal) throws ChaincodeRefusal {
        if (!CHANNEL.equals(proposal.channel()) || !CHAINCODE.equals(proposal.chaincode())) {
            throw new ChaincodeRefusal("make sure the chaincode " + proposal.chaincode()
                    + " has been successfully defined on channel " + proposal.channel() + " and try again");
        }
        InMemoryChaincodeStub stub = InMemoryChaincodeStub.forProposal(
                ledger,
                proposal.channel(),
                proposal.transactionId(),
                proposal.timestamp(),
                proposal.creatorBytes(),
                proposal.input(),
                proposal.transientMap());
        Chaincode.Response response;
        synchronized (Router.class) {
            response = Router.INSTANCE.invoke(stub);
        }
        if (response.getStatus() != Chaincode.Response.Status.SUCCESS) {
            throw new ChaincodeRefusal(
                    response.getMessage(),
                    response.getPayload() == null ? "" : new String(response.getPayload(), StandardCharsets.UTF_8));
        }
        return new Simulation(proposal, stub, response);
    }

    /** The fake orderer: one block per transaction, validated and committed as it is cut. */
    private Committed order(Simulation simulation, Envelope transaction, boolean viaGateway) {
        long number = blocks.height();
        String transactionId = simulation.proposal().transactionId();
        TxValidationCode code;
        if (viaGateway && conflictsToCause > 0) {
            conflictsToCause--;
            code = TxValidationCode.MVCC_READ_CONFLICT;
        } else if (viaGateway && nextInvalidCode != null) {
            code = nextInvalidCode;
            nextInvalidCode = null;
        } else {
            code = ledger.validate(simulation.stub());
        }
        boolean valid = code == TxValidationCode.VALID;
        ChaincodeEvent event = valid ? chaincodeEvent(simulation).orElse(null) : null;
        InMemoryLedger.Changes changes = valid ? simulation.stub().changes() : null;
        // The block first, durably when there is a file: a crash before the world state changes loses nothing.
        blocks.append(List.of(new BlockStore.Transaction(transactionId, code, transaction, event, changes)));
        if (valid) {
            ledger.apply(changes, number, 0);
        }
        Committed committed = new Committed(transactionId, number, code);
        byTransaction.put(transactionId, committed);
        functions.put(transactionId, simulation.proposal().function());
        if (viaGateway) {
            commits.add(committed);
        }
        return committed;
    }

    private static Optional<ChaincodeEvent> chaincodeEvent(Simulation simulation) {
        return simulation
                .stub()
                .event()
                .map(event -> event.toBuilder()
                        .setChaincodeId(simulation.proposal().chaincode())
                        .setTxId(simulation.proposal().transactionId())
                        .build());
    }

    /** The endorsed transaction envelope a peer's Gateway returns for the client to sign and submit. */
    private static Envelope preparedTransaction(Simulation simulation) {
        DecodedProposal proposal = simulation.proposal();
        ChaincodeAction.Builder action = ChaincodeAction.newBuilder()
                .setResponse(Response.newBuilder()
                        .setStatus(200)
                        .setPayload(ByteString.copyFrom(
                                simulation.response().getPayload() == null
                                        ? new byte[0]
                                        : simulation.response().getPayload())))
                .setChaincodeId(proposal.extension().getChaincodeId())
                .setResults(readWriteSet(simulation).toByteString());
        chaincodeEvent(simulation).ifPresent(event -> action.setEvents(event.toByteString()));
        ProposalResponsePayload response = ProposalResponsePayload.newBuilder()
                .setProposalHash(ByteString.copyFrom(
                        DecodedProposal.sha256(proposal.proposal().toByteArray())))
                .setExtension(action.build().toByteString())
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
        ChannelHeader channelHeader = proposal.channelHeader().toBuilder()
                .setType(HeaderType.ENDORSER_TRANSACTION_VALUE)
                .build();
        Header header = Header.newBuilder()
                .setChannelHeader(channelHeader.toByteString())
                .setSignatureHeader(proposal.signatureHeader().toByteString())
                .build();
        return Envelope.newBuilder()
                .setPayload(Payload.newBuilder()
                        .setHeader(header)
                        .setData(transaction.toByteString())
                        .build()
                        .toByteString())
                .build();
    }

    /** The public part of the simulation's read/write set, as a peer puts it in a ChaincodeAction. */
    private static TxReadWriteSet readWriteSet(Simulation simulation) {
        InMemoryChaincodeStub stub = simulation.stub();
        KVRWSet.Builder kv = KVRWSet.newBuilder();
        stub.reads().forEach((key, version) -> kv.addReads(read(key, version)));
        for (InMemoryChaincodeStub.RangeRead range : stub.rangeReads()) {
            QueryReads.Builder reads = QueryReads.newBuilder();
            range.results().forEach((key, version) -> reads.addKvReads(read(key, version)));
            kv.addRangeQueriesInfo(RangeQueryInfo.newBuilder()
                    .setStartKey(range.startKey())
                    .setEndKey(range.endKey() == null ? "" : range.endKey())
                    .setItrExhausted(true)
                    .setRawReads(reads));
        }
        stub.writes()
                .forEach((key, value) -> kv.addWrites(KVWrite.newBuilder()
                        .setKey(key)
                        .setIsDelete(value.length == 0)
                        .setValue(ByteString.copyFrom(value))));
        return TxReadWriteSet.newBuilder()
                .setDataModel(TxReadWriteSet.DataModel.KV)
                .addNsRwset(NsReadWriteSet.newBuilder()
                        .setNamespace(simulation.proposal().chaincode())
                        .setRwset(kv.build().toByteString()))
                .build();
    }

    private static KVRead read(String key, InMemoryLedger.KeyVersion version) {
        KVRead.Builder read = KVRead.newBuilder().setKey(key);
        if (version != null) {
            read.setVersion(
                    Version.newBuilder().setBlockNum(version.blockNumber()).setTxNum(version.txNumber()));
        }
        return read.build();
    }

    private static JsonNode json(byte[] bytes) {
        try {
            return JSON.readTree(bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The private data collections of the chaincode definition, from the chaincode's collections_config.json. */
    private static final class ChaincodeDefinition {
        static final Map<String, Set<String>> COLLECTIONS =
                CollectionsConfig.members(ContractPeer.class, "collections_config.json");
    }

    /**
     * The contract dispatcher over the chaincode's contracts: built once per JVM (it scans the
     * class path), stateless between invocations. The shim's INFO lines (a few per class found,
     * per metadata field, per transaction) are turned down first.
     */
    private static final class Router {
        // Held: java.util.logging keeps loggers weakly, and a collected one forgets its level.
        private static final Logger SHIM_LOGGER = quietShim();
        private static final ContractDispatcher INSTANCE = ContractDispatcher.ofClassPath();

        static void ready() {
            // Loading the class builds the dispatcher.
        }

        private static Logger quietShim() {
            Logger logger = Logger.getLogger("org.hyperledger");
            logger.setLevel(Level.WARNING);
            return logger;
        }
    }
}
