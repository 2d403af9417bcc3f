package dev.robotledger.gateway.ledger;

import io.grpc.Grpc;
import io.grpc.Server;
import io.grpc.TlsServerCredentials;
import java.io.IOException;
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

    public PeerServer(ContractPeer peer, Path certificateFile, Path privateKeyFile) {
        this.peer = peer;
        this.certificateFile = certificateFile;
        this.privateKeyFile = privateKeyFile;
    }

    public PeerServer start() throws IOException {
        server = peer.addTo(Grpc.newServerBuilderForPort(port, TlsServerCredentials.create(certificateFile.toFile(),
                        privateKeyFile.toFile())))
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
