package dev.robotledger.gateway.ledger;

import dev.robotledger.ledger.embedded.CertificateAuthority;
import dev.robotledger.ledger.embedded.ContractPeer;
import dev.robotledger.ledger.embedded.PeerServer;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The files a gateway and a {@link PeerServer} need to talk TLS, as an org's MSP folders hold
 * them: the peer org's TLS CA, the peer's TLS certificate for {@code peer0.manufacturer.test}, and
 * the gateway's signing identity (signcert and keystore key); and the gateway settings that
 * connect to a served peer by address, checking the certificate's name.
 */
public final class PeerCredentials {

    private static final String PEER_HOST = "peer0.manufacturer.test";

    private final Path tlsCaFile;
    private final CertificateAuthority.Issued peerTls;
    private final Path orgCaFile;
    private final CertificateAuthority.Issued client;

    private PeerCredentials(Path tlsCaFile, CertificateAuthority.Issued peerTls, Path orgCaFile, CertificateAuthority.Issued client) {
        this.tlsCaFile = tlsCaFile;
        this.peerTls = peerTls;
        this.orgCaFile = orgCaFile;
        this.client = client;
    }

    /** New CAs and certificates, written to {@code dir}. */
    public static PeerCredentials issue(Path dir) throws IOException {
        CertificateAuthority tlsCa = CertificateAuthority.newCa("tlsca.manufacturer.test");
        Path tlsCaFile = tlsCa.writeCaCertificate(dir.resolve("tlsca.manufacturer.test-cert.pem"));
        CertificateAuthority orgCa = CertificateAuthority.newCa("ca.manufacturer.test");
        Path orgCaFile = orgCa.writeCaCertificate(dir.resolve("ca.manufacturer.test-cert.pem"));
        return new PeerCredentials(tlsCaFile, tlsCa.issue(PEER_HOST, PEER_HOST, dir), orgCaFile,
                orgCa.issue("Admin@manufacturer.test", null, dir));
    }

    /** The CA of the gateway's signing identity: what a reader of the org's certificates trusts. */
    public Path orgCaFile() {
        return orgCaFile;
    }

    /** The peer org's TLS CA: what any client of the served peer trusts. */
    public Path tlsCaFile() {
        return tlsCaFile;
    }

    /** The host name in the served peer's TLS certificate, for clients that connect by address. */
    public String tlsServerName() {
        return PEER_HOST;
    }

    /** Serves {@code peer} over TLS on a free loopback port. */
    public PeerServer serve(ContractPeer peer) throws IOException {
        return new PeerServer(peer, peerTls.certificateFile(), peerTls.privateKeyFile()).start();
    }

    /** The gateway's ledger settings for {@code server}, with the defaults' deadlines. */
    public LedgerProperties ledgerProperties(PeerServer server) {
        return new LedgerProperties("127.0.0.1:" + server.port(), tlsCaFile, PEER_HOST, "ManufacturerMSP",
                client.certificateFile(), client.privateKeyFile(), ContractPeer.CHANNEL, ContractPeer.CHAINCODE,
                Duration.ofSeconds(5), Duration.ofSeconds(15), Duration.ofSeconds(5), Duration.ofMinutes(1), 3,
                "ContractPeer test double, not Fabric");
    }

    /** {@code gateway.ledger.*} for {@code server}, then {@code more}. */
    public List<String> gatewaySettings(PeerServer server, String... more) {
        List<String> settings = new ArrayList<>(List.of(
                "gateway.ledger.peer-endpoint=127.0.0.1:" + server.port(),
                "gateway.ledger.tls-server-name=" + PEER_HOST,
                "gateway.ledger.tls-ca-cert-file=" + tlsCaFile,
                "gateway.ledger.certificate-file=" + client.certificateFile(),
                "gateway.ledger.private-key-file=" + client.privateKeyFile(),
                "gateway.ledger.description=ContractPeer test double, not Fabric"));
        settings.addAll(List.of(more));
        return settings;
    }
}
