package dev.robotledger.agent;

import dev.robotledger.agent.access.BrokerCertificates;
import dev.robotledger.wire.transport.MqttTls;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import javax.net.ssl.SSLSocketFactory;

/**
 * How a robot agent talks to the broker and seals telemetry.
 *
 * @param brokerUri          e.g. {@code tcp://127.0.0.1:1883}
 * @param windowReadings     seal a telemetry window after this many readings
 * @param windowMaxAge       or once its oldest reading is this old
 * @param sessionExpiry      how long the broker keeps the MQTT session while the robot is away
 * @param maxInflight        QoS 1 publishes awaiting PUBACK at once
 * @param reconnectMinDelay  first wait before reconnecting; doubles up to {@code reconnectMaxDelay}
 * @param reconnectMaxDelay  longest wait between reconnect attempts
 * @param credentialsDir     where {@code <robotId>.password} files are; the robot connects with
 *                           user name = its robot id and that password. With an {@code ssl://}
 *                           broker it logs in by its certificate {@code <robotId>-cert.pem} (and
 *                           {@code -key.pem}) instead and trusts {@code ca-cert.pem}. {@code null}: anonymous
 */
public record AgentSettings(
        String brokerUri,
        int windowReadings,
        Duration windowMaxAge,
        Duration sessionExpiry,
        int maxInflight,
        Duration reconnectMinDelay,
        Duration reconnectMaxDelay,
        Path credentialsDir) {

    public AgentSettings {
        if (brokerUri == null || brokerUri.isBlank()) {
            throw new IllegalArgumentException("brokerUri is required, e.g. tcp://127.0.0.1:1883");
        }
        if (windowReadings < 1) {
            throw new IllegalArgumentException("windowReadings must be at least 1, got " + windowReadings);
        }
        if (maxInflight < 1 || maxInflight > 65535) {
            throw new IllegalArgumentException("maxInflight must be 1..65535, got " + maxInflight);
        }
        if (reconnectMinDelay.isNegative() || reconnectMaxDelay.compareTo(reconnectMinDelay) < 0) {
            throw new IllegalArgumentException("reconnect delays must satisfy 0 <= min <= max, got " + reconnectMinDelay
                    + " and " + reconnectMaxDelay);
        }
    }

    /** Anonymous connection to the broker. */
    public AgentSettings(
            String brokerUri,
            int windowReadings,
            Duration windowMaxAge,
            Duration sessionExpiry,
            int maxInflight,
            Duration reconnectMinDelay,
            Duration reconnectMaxDelay) {
        this(
                brokerUri,
                windowReadings,
                windowMaxAge,
                sessionExpiry,
                maxInflight,
                reconnectMinDelay,
                reconnectMaxDelay,
                null);
    }

    /** Windows of 100 readings or 250 ms, a one-day session, 10 publishes in flight, reconnect 100 ms..2 s. */
    public static AgentSettings defaults(String brokerUri) {
        return new AgentSettings(
                brokerUri,
                100,
                Duration.ofMillis(250),
                Duration.ofDays(1),
                10,
                Duration.ofMillis(100),
                Duration.ofSeconds(2));
    }

    public AgentSettings withWindow(int readings, Duration maxAge) {
        return new AgentSettings(
                brokerUri,
                readings,
                maxAge,
                sessionExpiry,
                maxInflight,
                reconnectMinDelay,
                reconnectMaxDelay,
                credentialsDir);
    }

    /** Authenticate as the robot id with the password in {@code dir/<robotId>.password}. */
    public AgentSettings withCredentialsDir(Path dir) {
        return new AgentSettings(
                brokerUri,
                windowReadings,
                windowMaxAge,
                sessionExpiry,
                maxInflight,
                reconnectMinDelay,
                reconnectMaxDelay,
                dir);
    }

    /** Whether the robot logs in by a client certificate over TLS rather than by a password. */
    public boolean usesTls() {
        return brokerUri.startsWith("ssl://");
    }

    /**
     * The TLS socket factory for the robot's certificate, read at each connection attempt so that a
     * re-issued certificate is used without a restart.
     */
    public SSLSocketFactory tlsSocketFactory(String robotId) throws IOException {
        if (credentialsDir == null) {
            throw new IOException(
                    "robot " + robotId + ": an ssl:// broker needs a credentials directory with its" + " certificate");
        }
        Path certificate = BrokerCertificates.certificateOf(credentialsDir, robotId);
        if (!Files.isRegularFile(certificate)) {
            throw new IOException("robot " + robotId + ": no broker certificate " + certificate
                    + " (never issued by broker-access, or revoked)");
        }
        return MqttTls.socketFactory(
                credentialsDir.resolve(BrokerCertificates.CA_CERTIFICATE),
                certificate,
                BrokerCertificates.keyOf(credentialsDir, robotId));
    }

    /**
     * The robot's broker password, read at each connection attempt so a rotated password is used
     * without a restart; empty when the robot connects anonymously.
     */
    public Optional<String> brokerPassword(String robotId) throws IOException {
        if (credentialsDir == null) {
            return Optional.empty();
        }
        Path file = credentialsDir.resolve(robotId + ".password");
        if (!Files.isRegularFile(file)) {
            throw new IOException("robot " + robotId + ": no broker password file " + file);
        }
        String password = Files.readString(file, StandardCharsets.UTF_8).strip();
        if (password.isEmpty()) {
            throw new IOException("robot " + robotId + ": broker password file " + file + " is empty");
        }
        return Optional.of(password);
    }
}
