package dev.robotledger.gateway.testing;

import dev.robotledger.contract.ContractTransaction;
import dev.robotledger.gateway.ledger.LedgerProperties;
import dev.robotledger.ledger.embedded.CertificateAuthority;
import java.nio.file.Path;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.hyperledger.fabric.protos.common.Block;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * The ledger an integration test runs against, so that the same test code runs on the embedded
 * ledger ({@link EmbeddedLedger}: the real chaincode in this JVM, one peer, a new ledger per
 * fixture) and on the tests' Fabric network ({@link #fabric()}: three peers, a ledger kept across
 * classes and runs). It gives what a test needs: each organisation's {@code gateway.ledger.*}
 * settings, and reads and writes of the ledger that do not go through the gateway under test.
 *
 * <p>Organisations are named as network/fabric.sh names them: {@code manufacturer},
 * {@code retailer}, {@code lender}, {@code oracle}. On Fabric the ledger is shared: a test uses
 * ids unique per run, never assumes an empty ledger, and looks at blocks from a height it noted
 * before it started.
 */
public interface LedgerUnderTest extends AutoCloseable {

    /** A new embedded ledger whose first transaction goes into block {@code firstBlock}; files in {@code dir}. */
    static EmbeddedLedger embedded(Path dir, long firstBlock) throws Exception {
        return EmbeddedLedger.start(dir, firstBlock);
    }

    /** The tests' Fabric network ({@link FabricNetwork}), started or reused. */
    static LedgerUnderTest fabric() {
        return new FabricLedger(FabricNetwork.network());
    }

    /** What the gateway's {@code GET /api/ledger} should repeat: the operator's description of this ledger. */
    String description();

    /** The MSP id of {@code org}. */
    static String mspId(String org) {
        return switch (org) {
            case "manufacturer" -> "ManufacturerMSP";
            case "retailer" -> "RetailerMSP";
            case "lender" -> "LenderMSP";
            case "oracle" -> "OracleMSP";
            default -> throw new IllegalArgumentException("no organisation " + org);
        };
    }

    /** The {@code gateway.ledger.*} settings of a gateway of {@code org}, signing as a client of that org. */
    List<String> gatewaySettings(String org);

    /** {@link #gatewaySettings(String)}, then {@code more}. */
    default String[] gatewaySettings(String org, String... more) {
        List<String> settings = new ArrayList<>(gatewaySettings(org));
        settings.addAll(List.of(more));
        return settings.toArray(String[]::new);
    }

    /**
     * A gateway of {@code org} on this ledger with the journal of {@code infra}, then {@code more}
     * settings. Its anchor batch ids start past any earlier run's, which a kept ledger holds.
     */
    default InProcessGateway startGateway(JournalAndBroker infra, String org, String clientId, String... more) {
        InProcessGateway gateway =
                InProcessGateway.start(infra.postgres(), infra.broker().uri(), clientId, gatewaySettings(org, more));
        FabricGateways.separateAnchorBatchIds(gateway);
        return gateway;
    }

    /** The same settings as the gateway binds them, e.g. for a {@code LedgerConnection} of the test's own. */
    LedgerProperties ledgerProperties(String org);

    /** The CA that issued {@code org}'s client identities: what a verifier of the org's signatures trusts. */
    Path orgCaFile(String org);

    /**
     * An evaluate of the contract as a client of {@code org}, not through the gateway under test;
     * it sees at least every block any peer has committed.
     *
     * @throws IllegalStateException when the contract refuses, with the contract's message
     */
    String evaluate(String org, ContractTransaction query, String... args);

    /** A write of another client of {@code org}, committed VALID; answers the contract's result. */
    default String submit(String org, ContractTransaction transaction, String... args) {
        return submit(org, transaction, List.of(args), Map.of());
    }

    /** The robot registered with {@code key} by another client of {@code org}, under event id {@code earlier-register-<robot>}. */
    default void registerRobot(String org, String robotId, PublicKey key) {
        ObjectNode registration = JsonNodeFactory.instance
                .objectNode()
                .put("robotId", robotId)
                .put("model", "earlier")
                .put("site", "earlier")
                .put("line", "earlier")
                .put("station", "earlier");
        registration.putArray("capabilities").add("PRODUCE").add("ASSEMBLE").add("INSPECT");
        registration.put("publicKeyPem", CertificateAuthority.pem("PUBLIC KEY", key.getEncoded()));
        submit(org, ContractTransaction.REGISTER_ROBOT, "earlier-register-" + robotId, registration.toString());
    }

    /**
     * {@link #submit(String, ContractTransaction, String...)} with transient data, e.g. loan terms.
     *
     * @throws IllegalStateException when the contract refuses, with the contract's message
     */
    String submit(String org, ContractTransaction transaction, List<String> args, Map<String, byte[]> transientData);

    /** The number of blocks on the channel of the manufacturer's peer, the one the tests' gateways write through. */
    long height();

    /** Block {@code number} of the manufacturer's peer. */
    Block block(long number);

    /** The transactions of blocks {@code fromBlock} up to the current height, decoded from the blocks. */
    default List<LedgerTransaction> transactionsFrom(long fromBlock) {
        List<LedgerTransaction> transactions = new ArrayList<>();
        long height = height();
        for (long number = fromBlock; number < height; number++) {
            transactions.addAll(LedgerTransaction.of(block(number)));
        }
        return transactions;
    }

    /** {@link #transactionsFrom(long)} of the contract's transaction {@code transaction} only. */
    default List<LedgerTransaction> transactionsFrom(long fromBlock, ContractTransaction transaction) {
        return transactionsFrom(fromBlock).stream()
                .filter(tx -> tx.is(transaction))
                .toList();
    }

    /** Stops the manufacturer's peer (an outage of the peer the tests' manufacturer gateway uses). */
    void stopPeer() throws Exception;

    /** Starts that peer again over its ledger, and waits until it answers. */
    void startPeer() throws Exception;

    /** Stops the chaincode while the peers run (on Fabric its process, on the double its answers). */
    void stopChaincode() throws Exception;

    /** Starts the chaincode again and waits until it answers. */
    void startChaincode() throws Exception;

    /** Closes the test's own clients; a peer or chaincode the test stopped is started again. */
    @Override
    void close() throws Exception;
}
