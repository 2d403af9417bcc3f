package dev.robotledger.gateway.lightning.lnd;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * This party's own lnd node, reached through its REST API. Active only when {@code host} is set;
 * then the TLS certificate and the macaroon must be readable files, or start-up fails naming the
 * setting. {@code network/lightning.sh client <node>} prints these settings for a node it runs.
 *
 * @param host           {@code gateway.lightning.host}: where lnd's REST API listens
 * @param port           {@code gateway.lightning.port}: its port ({@code --restlisten})
 * @param tlsCertFile    {@code gateway.lightning.tls-cert-file}: lnd's self-signed {@code tls.cert}, the only certificate trusted
 * @param macaroonFile   {@code gateway.lightning.macaroon-file}: the macaroon the calls present ({@code admin.macaroon})
 * @param callTimeout    deadline of every call but a payment
 * @param paymentTimeout how long lnd may look for a route for a payment (a hold invoice then stays
 *                       in flight until the payee settles or cancels it)
 * @param maxFeeSat      the most a payment may cost in routing fees
 */
@ConfigurationProperties("gateway.lightning")
public record LndProperties(
        String host,
        @DefaultValue("8080") int port,
        Path tlsCertFile,
        Path macaroonFile,
        @DefaultValue("15s") Duration callTimeout,
        @DefaultValue("60s") Duration paymentTimeout,
        @DefaultValue("100") long maxFeeSat) {

    public LndProperties {
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("gateway.lightning.port must be 1 to 65535, was " + port);
        }
        requirePositive("gateway.lightning.call-timeout", callTimeout);
        requirePositive("gateway.lightning.payment-timeout", paymentTimeout);
        if (maxFeeSat < 0) {
            throw new IllegalArgumentException("gateway.lightning.max-fee-sat must not be negative, was " + maxFeeSat);
        }
        if (host != null && host.isBlank()) {
            host = null;
        }
        if (host != null) {
            requireReadableFile("gateway.lightning.tls-cert-file", tlsCertFile);
            requireReadableFile("gateway.lightning.macaroon-file", macaroonFile);
        }
    }

    /** Whether a node is configured, i.e. whether this gateway moves money over Lightning. */
    public boolean configured() {
        return host != null;
    }

    private static void requirePositive(String name, Duration value) {
        if (value == null || value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException(name + " must be positive, was " + value);
        }
    }

    private static void requireReadableFile(String name, Path file) {
        if (file == null) {
            throw new IllegalArgumentException(name + " is required when gateway.lightning.host is set");
        }
        if (!Files.isReadable(file)) {
            throw new IllegalArgumentException(name + " is not a readable file: " + file);
        }
    }
}
