package dev.robotledger.ledger.embedded;

import io.grpc.Server;
import io.grpc.TlsServerCredentials;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * A {@link ContractPeer} served over TLS on a loopback port with the shaded Netty transport, the
 * way a peer serves its Gateway and Deliver services. Stopping and starting it again on the same
 * port is a peer outage and restart: the peer keeps its ledger, open event streams end.
 */
public final class PeerServer implements AutoCloseable {

    private final ContractPeer peer;
    private final Path certificateFile;
    private final Path privateKeyFile;
    private int port;
    private Server server;

    /** A server on a free port, chosen when it first starts. */
    public PeerServer(ContractPeer peer, Path certificateFile, Path privateKeyFile) {
        this(peer, certificateFile, privateKeyFile, 0);
    }

    /** A server on {@code port} of the loopback interface (0: a free one). */
    public PeerServer(ContractPeer peer, Path certificateFile, Path privateKeyFile, int port) {
        this.peer = peer;
        this.certificateFile = certificateFile;
        this.privateKeyFile = privateKeyFile;
        this.port = port;
    }

    public PeerServer start() throws IOException {
        // Loopback only: nothing off this machine should reach a test double.
        server = peer.addTo(NettyServerBuilder.forAddress(
                        new InetSocketAddress(InetAddress.getLoopbackAddress(), port),
                        TlsServerCredentials.create(certificateFile.toFile(), privateKeyFile.toFile())))
                .build()
                .start();
        port = server.getPort();
        return this;
    }

    public void stop() throws InterruptedException {
        server.shutdownNow().awaitTermination(10, TimeUnit.SECONDS);
    }

    public int port() {
        return port;
    }

    public ContractPeer peer() {
        return peer;
    }

    @Override
    public void close() throws InterruptedException {
        if (server != null) {
            stop();
        }
    }
}
