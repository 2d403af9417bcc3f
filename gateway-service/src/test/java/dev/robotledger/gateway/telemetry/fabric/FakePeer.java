package dev.robotledger.gateway.telemetry.fabric;

import io.grpc.Grpc;
import io.grpc.Server;
import io.grpc.TlsServerCredentials;
import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * {@link FakeFabricGatewayService} served over TLS on a loopback port with the shaded Netty
 * transport, the way a peer serves its Gateway service; it can be stopped and started again on the
 * same port to simulate a peer outage. A test double: no Fabric network can run here.
 */
public final class FakePeer implements AutoCloseable {

    private final FakeFabricGatewayService service;
    private final Path certificateFile;
    private final Path privateKeyFile;
    private int port;
    private Server server;

    public FakePeer(FakeFabricGatewayService service, Path certificateFile, Path privateKeyFile) {
        this.service = service;
        this.certificateFile = certificateFile;
        this.privateKeyFile = privateKeyFile;
    }

    public FakePeer start() throws IOException {
        server = Grpc.newServerBuilderForPort(port, TlsServerCredentials.create(certificateFile.toFile(),
                        privateKeyFile.toFile()))
                .addService(service)
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

    public FakeFabricGatewayService service() {
        return service;
    }

    @Override
    public void close() throws InterruptedException {
        if (server != null) {
            stop();
        }
    }
}
