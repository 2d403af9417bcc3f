package dev.robotledger.gateway.ledger;

import dev.robotledger.ledger.embedded.CertificateAuthority;
import dev.robotledger.ledger.embedded.ContractPeer;
import io.grpc.ManagedChannel;
import io.grpc.Server;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.hyperledger.fabric.client.Gateway;
import org.hyperledger.fabric.client.identity.Signers;
import org.hyperledger.fabric.client.identity.X509Identity;

/**
 * A {@link ContractPeer} served over an in-process gRPC transport, and fabric-gateway connections
 * to it that sign as generated identities of an organisation. The peer can be stopped (calls
 * fail {@code UNAVAILABLE}) and restarted with its ledger.
 */
public final class InProcessPeer implements AutoCloseable {

    private final ContractPeer peer;
    private final Path dir;
    private final String name = "contract-peer-" + UUID.randomUUID();
    // Not a direct executor: fabric-gateway's block-event iterator hands each block over from the
    // gRPC callback thread and waits until the application takes it, so that thread must not be
    // the application's own (over a network it never is).
    private final ManagedChannel channel = InProcessChannelBuilder.forName(name).build();
    private final List<Gateway> gateways = new ArrayList<>();
    private Server server;

    private InProcessPeer(ContractPeer peer, Path dir) {
        this.peer = peer;
        this.dir = dir;
    }

    /** Serves {@code peer}; identities' files are written to {@code dir}. */
    public static InProcessPeer start(ContractPeer peer, Path dir) throws IOException {
        InProcessPeer served = new InProcessPeer(peer, dir);
        served.startPeer();
        return served;
    }

    /** A connection signing as a new identity of organisation {@code mspId}, closed with this. */
    public Gateway connect(String mspId) {
        CertificateAuthority.Issued client;
        try {
            client = CertificateAuthority.newCa("ca." + mspId + ".test")
                    .issue("client-" + mspId + "-" + gateways.size(), null, dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Gateway gateway = Gateway.newInstance()
                .identity(new X509Identity(mspId, client.certificate()))
                .signer(Signers.newPrivateKeySigner(client.keys().getPrivate()))
                .connection(channel)
                .commitStatusOptions(options -> options.withDeadlineAfter(30, TimeUnit.SECONDS))
                .connect();
        gateways.add(gateway);
        return gateway;
    }

    public void stopPeer() throws InterruptedException {
        server.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }

    /** Serves the same peer again; the client reconnects at once instead of after gRPC's back-off. */
    public void startPeer() throws IOException {
        server = peer.addTo(InProcessServerBuilder.forName(name).directExecutor())
                .build()
                .start();
        channel.resetConnectBackoff();
    }

    public ContractPeer peer() {
        return peer;
    }

    @Override
    public void close() throws InterruptedException {
        gateways.forEach(Gateway::close);
        channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        stopPeer();
    }
}
