package dev.robotledger.gateway.testing;

import dev.robotledger.contract.ContractTransaction;
import dev.robotledger.gateway.ledger.LedgerProperties;
import dev.robotledger.ledger.embedded.CertificateAuthority;
import dev.robotledger.ledger.embedded.ContractPeer;
import dev.robotledger.ledger.embedded.PeerServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.hyperledger.fabric.protos.common.Block;

/**
 * The embedded ledger as a {@link LedgerUnderTest}: a new {@link ContractPeer} served over TLS
 * ({@link PeerServer}) that every organisation's gateway uses, each org signing with a client
 * identity of a CA of its own. Tests that inspect the double itself (proposals it received, faults
 * injected into it) reach it through {@link #peer()}.
 */
public final class EmbeddedLedger implements LedgerUnderTest {

    private static final String PEER_HOST = "peer0.manufacturer.test";
    private static final String DESCRIPTION = "ContractPeer test double, not Fabric";

    private final Path dir;
    private final Path tlsCaFile;
    private final PeerServer server;
    private final Map<String, Path> orgCaFiles = new HashMap<>();
    private final Map<String, CertificateAuthority.Issued> clients = new HashMap<>();

    private EmbeddedLedger(Path dir, Path tlsCaFile, PeerServer server) {
        this.dir = dir;
        this.tlsCaFile = tlsCaFile;
        this.server = server;
    }

    static EmbeddedLedger start(Path dir, long firstBlock) throws IOException {
        CertificateAuthority tlsCa = CertificateAuthority.newCa("tlsca.manufacturer.test");
        Path tlsCaFile = tlsCa.writeCaCertificate(dir.resolve("tlsca.manufacturer.test-cert.pem"));
        CertificateAuthority.Issued peerTls = tlsCa.issue(PEER_HOST, PEER_HOST, dir);
        PeerServer server = new PeerServer(
                        new ContractPeer(firstBlock), peerTls.certificateFile(), peerTls.privateKeyFile())
                .start();
        return new EmbeddedLedger(dir, tlsCaFile, server);
    }

    /** The test double, for what only it can show or do. */
    public ContractPeer peer() {
        return server.peer();
    }

    /** The peer's TLS port. */
    public int port() {
        return server.port();
    }

    @Override
    public String description() {
        return DESCRIPTION;
    }

    private synchronized CertificateAuthority.Issued client(String org) {
        return clients.computeIfAbsent(org, name -> {
            try {
                CertificateAuthority ca = CertificateAuthority.newCa("ca." + name + ".test");
                orgCaFiles.put(name, ca.writeCaCertificate(dir.resolve("ca." + name + ".test-cert.pem")));
                return ca.issue("Gateway@" + name + ".test", null, dir);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    @Override
    public List<String> gatewaySettings(String org) {
        CertificateAuthority.Issued client = client(org);
        return List.of(
                "gateway.ledger.peer-endpoint=127.0.0.1:" + server.port(),
                "gateway.ledger.tls-server-name=" + PEER_HOST,
                "gateway.ledger.tls-ca-cert-file=" + tlsCaFile,
                "gateway.ledger.msp-id=" + LedgerUnderTest.mspId(org),
                "gateway.ledger.certificate-file=" + client.certificateFile(),
                "gateway.ledger.private-key-file=" + client.privateKeyFile(),
                "gateway.ledger.channel=" + ContractPeer.CHANNEL,
                "gateway.ledger.chaincode=" + ContractPeer.CHAINCODE,
                "gateway.ledger.description=" + DESCRIPTION);
    }

    @Override
    public LedgerProperties ledgerProperties(String org) {
        CertificateAuthority.Issued client = client(org);
        return new LedgerProperties(
                "127.0.0.1:" + server.port(),
                tlsCaFile,
                PEER_HOST,
                LedgerUnderTest.mspId(org),
                client.certificateFile(),
                client.privateKeyFile(),
                ContractPeer.CHANNEL,
                ContractPeer.CHAINCODE,
                Duration.ofSeconds(5),
                Duration.ofSeconds(15),
                Duration.ofSeconds(5),
                Duration.ofMinutes(1),
                Duration.ofSeconds(10),
                3,
                DESCRIPTION);
    }

    @Override
    public Path orgCaFile(String org) {
        client(org);
        return orgCaFiles.get(org);
    }

    @Override
    public String evaluate(String org, ContractTransaction query, String... args) {
        return peer().evaluateAs(LedgerUnderTest.mspId(org), query.functionName(), args);
    }

    @Override
    public String submit(
            String org, ContractTransaction transaction, List<String> args, Map<String, byte[]> transientData) {
        return peer().submitAs(LedgerUnderTest.mspId(org), transaction.functionName(), args, transientData);
    }

    @Override
    public long height() {
        return peer().height();
    }

    @Override
    public Block block(long number) {
        return peer().block(number);
    }

    @Override
    public void stopPeer() throws InterruptedException {
        server.stop();
    }

    @Override
    public void startPeer() throws IOException {
        server.start();
    }

    @Override
    public void stopChaincode() {
        peer().stopChaincode();
    }

    @Override
    public void startChaincode() {
        peer().startChaincode();
    }

    @Override
    public void close() throws InterruptedException {
        server.close();
    }
}
