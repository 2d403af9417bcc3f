package dev.robotledger.gateway.ledger;

import dev.robotledger.ledger.embedded.CertificateAuthority;
import dev.robotledger.ledger.embedded.ContractPeer;
import dev.robotledger.ledger.embedded.PeerServer;
import java.io.IOException;
import java.nio.file.Path;
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
    private final CertificateAuthority.Issued client;

    private PeerCredentials(Path tlsCaFile, CertificateAuthority.Issued peerTls, CertificateAuthority.Issued client) {
        this.tlsCaFile = tlsCaFile;
        this.peerTls = peerTls;
        this.client = client;
    }

    /** New CAs and certificates, written to {@code dir}. */
    public static PeerCredentials issue(Path dir) throws IOException {
        CertificateAuthority tlsCa = CertificateAuthority.newCa("tlsca.manufacturer.test");
        Path tlsCaFile = tlsCa.writeCaCertificate(dir.resolve("tlsca.manufacturer.test-cert.pem"));
        return new PeerCredentials(
                tlsCaFile,
                tlsCa.issue(PEER_HOST, PEER_HOST, dir),
                CertificateAuthority.newCa("ca.manufacturer.test").issue("Admin@manufacturer.test", null, dir));
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
