package dev.robotledger.gateway.testing;

import dev.robotledger.contract.ContractTransaction;
import dev.robotledger.gateway.ledger.LedgerProperties;
import dev.robotledger.gateway.ledger.fabric.LedgerConnection;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.hyperledger.fabric.client.CommitException;
import org.hyperledger.fabric.client.Contract;
import org.hyperledger.fabric.client.GatewayException;
import org.hyperledger.fabric.client.Proposal;
import org.hyperledger.fabric.protos.common.Block;
import org.hyperledger.fabric.protos.common.BlockchainInfo;

/**
 * The tests' Fabric network as a {@link LedgerUnderTest}. Each org's gateway gets the identity
 * {@code fabric.sh client <org>} prints (its own peer; the oracle, which has none, the lender's).
 * The test's own reads and writes go through Fabric Gateway clients of the same identities;
 * blocks and heights through qscc on the manufacturer's peer, the one the manufacturer's gateway
 * writes through.
 */
final class FabricLedger implements LedgerUnderTest {

    private static final String DESCRIPTION = "the tests' Fabric network";
    private static final Duration CATCH_UP = Duration.ofSeconds(30);

    private final FabricNetwork network;
    private final Map<String, LedgerConnection> connections = new HashMap<>();
    private final List<String> stopped = new ArrayList<>();

    FabricLedger(FabricNetwork network) {
        this.network = network;
    }

    @Override
    public String description() {
        return DESCRIPTION;
    }

    @Override
    public List<String> gatewaySettings(String org) {
        List<String> settings = new ArrayList<>(network.client(org).gatewayProperties());
        settings.add("gateway.ledger.description=" + DESCRIPTION);
        return settings;
    }

    @Override
    public LedgerProperties ledgerProperties(String org) {
        return network.client(org).ledgerProperties();
    }

    @Override
    public Path orgCaFile(String org) {
        Path cacerts = network.client(org).certificateFile().getParent().resolveSibling("cacerts");
        try (Stream<Path> files = Files.list(cacerts)) {
            return files.findFirst().orElseThrow(() -> new IllegalStateException("no CA certificate in " + cacerts));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private synchronized LedgerConnection connection(String org) {
        return connections.computeIfAbsent(org, name -> LedgerConnection.open(ledgerProperties(name)));
    }

    private Contract contract(String org) {
        return connection(org).gateway().getNetwork(FabricNetwork.CHANNEL).getContract(FabricNetwork.CHAINCODE);
    }

    private Contract qscc(String org) {
        return connection(org).gateway().getNetwork(FabricNetwork.CHANNEL).getContract("qscc");
    }

    private long height(String org) {
        try {
            return BlockchainInfo.parseFrom(qscc(org).evaluateTransaction("GetChainInfo", FabricNetwork.CHANNEL))
                    .getHeight();
        } catch (IOException | GatewayException e) {
            throw new IllegalStateException("qscc GetChainInfo as " + org + " failed", e);
        }
    }

    @Override
    public String evaluate(String org, ContractTransaction query, String... args) {
        String function = query.functionName();
        caughtUp(org);
        try {
            return new String(contract(org).evaluateTransaction(function, args), StandardCharsets.UTF_8);
        } catch (GatewayException e) {
            throw new IllegalStateException(function + " as " + org + " refused: " + withDetails(e), e);
        }
    }

    @Override
    public String submit(
            String org, ContractTransaction transaction, List<String> args, Map<String, byte[]> transientData) {
        String function = transaction.functionName();
        Proposal.Builder proposal = contract(org).newProposal(function).addArguments(args.toArray(String[]::new));
        transientData.forEach(proposal::putTransient);
        try {
            return new String(proposal.build().endorse().submit(), StandardCharsets.UTF_8);
        } catch (GatewayException e) {
            throw new IllegalStateException(function + " as " + org + " refused: " + withDetails(e), e);
        } catch (CommitException e) {
            throw new IllegalStateException(function + " as " + org + " committed " + e.getCode(), e);
        }
    }

    // The chaincode's message is in the peers' error details, not in the exception's own message.
    private static String withDetails(GatewayException e) {
        StringBuilder message = new StringBuilder(e.getMessage());
        e.getDetails()
                .forEach(detail -> message.append("; ")
                        .append(detail.getMspId())
                        .append(": ")
                        .append(detail.getMessage()));
        return message.toString();
    }

    // While the manufacturer's peer is down, its blocks are read on the retailer's.
    private synchronized String blockReader() {
        return stopped.contains("peer0.manufacturer") ? "retailer" : "manufacturer";
    }

    // Peers commit a block each on their own: a read on another peer than the writer's (an
    // evaluate, or the blocks of a write through another org's peer) waits until it has caught up.
    private long caughtUp(String org) {
        long highest = runningPeerOrgs().stream().mapToLong(this::height).max().orElseThrow();
        Await.until("the peer of " + org + "'s client at height " + highest, CATCH_UP, () -> height(org) >= highest);
        return height(org);
    }

    private synchronized List<String> runningPeerOrgs() {
        return FabricNetwork.PEER_ORGS.stream()
                .filter(org -> !stopped.contains("peer0." + org))
                .toList();
    }

    @Override
    public long height() {
        return caughtUp(blockReader());
    }

    @Override
    public Block block(long number) {
        try {
            return Block.parseFrom(qscc(blockReader())
                    .evaluateTransaction("GetBlockByNumber", FabricNetwork.CHANNEL, Long.toString(number)));
        } catch (IOException | GatewayException e) {
            throw new IllegalStateException("qscc GetBlockByNumber " + number + " failed", e);
        }
    }

    private synchronized void stop(String node) {
        network.stop(node);
        stopped.add(node);
    }

    private synchronized void start(String node) {
        network.start(node);
        stopped.remove(node);
    }

    @Override
    public void stopPeer() {
        stop("peer0.manufacturer");
    }

    @Override
    public void startPeer() {
        start("peer0.manufacturer");
    }

    @Override
    public void stopChaincode() {
        stop("chaincode");
    }

    @Override
    public void startChaincode() {
        start("chaincode");
    }

    @Override
    public synchronized void close() {
        // The next test class finds the network whole (FabricTier fails a test that does not).
        List.copyOf(stopped).forEach(this::start);
        connections.values().forEach(LedgerConnection::close);
        connections.clear();
    }
}
