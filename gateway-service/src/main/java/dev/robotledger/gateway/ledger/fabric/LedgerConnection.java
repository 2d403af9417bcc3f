package dev.robotledger.gateway.ledger.fabric;

import dev.robotledger.gateway.ledger.LedgerProperties;
import dev.robotledger.gateway.ledger.SigningIdentity;
import io.grpc.CallOptions;
import io.grpc.ChannelCredentials;
import io.grpc.ConnectivityState;
import io.grpc.Grpc;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.TlsChannelCredentials;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.InvalidKeyException;
import java.security.PrivateKey;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import org.hyperledger.fabric.client.Gateway;
import org.hyperledger.fabric.client.identity.Identities;
import org.hyperledger.fabric.client.identity.Signers;
import org.hyperledger.fabric.client.identity.X509Identity;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The gateway's one connection to the ledger: a single TLS gRPC channel to the peer, shared by
 * every call, and a Fabric {@link Gateway} that signs as the organisation's identity with a
 * deadline per call type. Closed when the application stops.
 *
 * <pre>{@code
 * try (LedgerConnection ledger = LedgerConnection.open(properties)) {
 *     Contract contract = ledger.gateway().getNetwork(ledger.channel()).getContract(ledger.chaincode());
 * }
 * }</pre>
 */
public final class LedgerConnection implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(LedgerConnection.class);
    /**
     * How often the channel tries to reconnect while the peer is away. gRPC's own back-off grows to
     * two minutes, so a peer back after half a minute stayed unreachable for up to 17 s more in the
     * fault suite; with this, the submitters' back-off ({@code submit-retry-max}) paces recovery.
     */
    static final Duration RECONNECT_INTERVAL = Duration.ofSeconds(1);

    private final ManagedChannel grpcChannel;
    private final Gateway gateway;
    private final LedgerProperties properties;
    private final SigningIdentity identity;
    private final ScheduledExecutorService reconnector = Executors.newSingleThreadScheduledExecutor(task -> {
        Thread thread = new Thread(task, "ledger-reconnect");
        thread.setDaemon(true);
        return thread;
    });

    private LedgerConnection(
            ManagedChannel grpcChannel, Gateway gateway, LedgerProperties properties, SigningIdentity identity) {
        this.grpcChannel = grpcChannel;
        this.gateway = gateway;
        this.properties = properties;
        this.identity = identity;
        watchConnectivity();
    }

    /** While the channel is in TRANSIENT_FAILURE, resets gRPC's connect back-off every {@link #RECONNECT_INTERVAL}. */
    private void watchConnectivity() {
        ConnectivityState state = grpcChannel.getState(false);
        try {
            if (state == ConnectivityState.SHUTDOWN || reconnector.isShutdown()) {
                return;
            }
            if (state == ConnectivityState.TRANSIENT_FAILURE) {
                reconnector.schedule(
                        () -> {
                            grpcChannel.resetConnectBackoff();
                            watchConnectivity();
                        },
                        RECONNECT_INTERVAL.toMillis(),
                        TimeUnit.MILLISECONDS);
            } else {
                grpcChannel.notifyWhenStateChanged(state, this::watchConnectivity);
            }
        } catch (RejectedExecutionException closing) {
            // The connection is closing: nothing to reconnect.
        }
    }

    /**
     * Reads the identity and TLS files and opens the channel. gRPC connects lazily, so a peer
     * that is down now does not stop the gateway: calls fail as unreachable until it is up.
     *
     * @throws IllegalArgumentException naming the setting whose file cannot be used
     */
    public static LedgerConnection open(LedgerProperties properties) {
        if (!properties.enabled()) {
            throw new IllegalStateException("gateway.ledger.peer-endpoint is not set: there is no peer to connect to");
        }
        X509Identity identity = new X509Identity(
                properties.mspId(), certificate("gateway.ledger.certificate-file", properties.certificateFile()));
        PrivateKey key = privateKey("gateway.ledger.private-key-file", properties.privateKeyFile());
        ManagedChannel channel = channel(properties);
        try {
            Gateway gateway = Gateway.newInstance()
                    .identity(identity)
                    .signer(Signers.newPrivateKeySigner(key))
                    .connection(channel)
                    .evaluateOptions(deadline(properties.evaluateTimeout()))
                    .endorseOptions(deadline(properties.endorseTimeout()))
                    .submitOptions(deadline(properties.submitTimeout()))
                    .commitStatusOptions(deadline(properties.commitStatusTimeout()))
                    .connect();
            log.info(
                    "ledger: peer {} (TLS name {}), channel {}, chaincode {}, identity {} of {}",
                    properties.peerEndpoint(),
                    properties.tlsServerName() == null ? "from endpoint" : properties.tlsServerName(),
                    properties.channel(),
                    properties.chaincode(),
                    identity.getCertificate().getSubjectX500Principal().getName(),
                    properties.mspId());
            return new LedgerConnection(
                    channel,
                    gateway,
                    properties,
                    new SigningIdentity(properties.mspId(), identity.getCertificate(), key));
        } catch (RuntimeException e) {
            channel.shutdownNow();
            throw e;
        }
    }

    private static ManagedChannel channel(LedgerProperties properties) {
        ChannelCredentials tls;
        try {
            tls = TlsChannelCredentials.newBuilder()
                    .trustManager(properties.tlsCaCertFile().toFile())
                    .build();
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException(
                    "gateway.ledger.tls-ca-cert-file " + properties.tlsCaCertFile() + " is not a PEM CA certificate: "
                            + e.getMessage(),
                    e);
        }
        ManagedChannelBuilder<?> builder = Grpc.newChannelBuilder(properties.peerEndpoint(), tls);
        if (properties.tlsServerName() != null) {
            builder.overrideAuthority(properties.tlsServerName());
        }
        return builder.build();
    }

    private static X509Certificate certificate(String setting, Path file) {
        try (Reader reader = Files.newBufferedReader(file)) {
            return Identities.readX509Certificate(reader);
        } catch (IOException | CertificateException | RuntimeException e) {
            throw new IllegalArgumentException(
                    setting + " " + file + " is not a PEM X.509 certificate: " + e.getMessage(), e);
        }
    }

    private static PrivateKey privateKey(String setting, Path file) {
        try (Reader reader = Files.newBufferedReader(file)) {
            return Identities.readPrivateKey(reader);
        } catch (IOException | InvalidKeyException | RuntimeException e) {
            throw new IllegalArgumentException(
                    setting + " " + file + " is not a PKCS#8 PEM private key: " + e.getMessage(), e);
        }
    }

    private static UnaryOperator<CallOptions> deadline(Duration timeout) {
        return options -> options.withDeadlineAfter(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    public Gateway gateway() {
        return gateway;
    }

    public String channel() {
        return properties.channel();
    }

    public String chaincode() {
        return properties.chaincode();
    }

    /** The organisation the gateway signs as. */
    public String mspId() {
        return properties.mspId();
    }

    public SigningIdentity signingIdentity() {
        return identity;
    }

    /** How long a journaled write waits for its commit status before it is re-checked by a replay. */
    public Duration commitRecheckAfter() {
        return properties.commitRecheckAfter();
    }

    public int maxConflictRetries() {
        return properties.maxConflictRetries();
    }

    @Override
    public void close() {
        reconnector.shutdownNow();
        gateway.close();
        grpcChannel.shutdownNow();
        try {
            if (!grpcChannel.awaitTermination(5, TimeUnit.SECONDS)) {
                log.warn("the gRPC channel to {} did not terminate within 5 s", properties.peerEndpoint());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
