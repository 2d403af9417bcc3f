package dev.robotledger.gateway.ingestion.mqtt;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The gateway's MQTT session.
 *
 * @param brokerUrl             {@code gateway.mqtt.broker-url} (env {@code GATEWAY_MQTT_BROKERURL})
 * @param clientId              stable per gateway instance: the broker keeps this session's
 *                              unacknowledged messages while the gateway is down
 * @param topicFilter           robot topics, {@code factory/{site}/{line}/{robotId}/{kind}}
 * @param sharedGroup           shared-subscription group, so that several gateways journaling into one
 *                              database split the robots' messages ({@code $share/{group}/{filter}});
 *                              blank (the default) for a plain subscription, which makes this gateway
 *                              the journal's only writer
 * @param receiveMaximum        unacknowledged QoS 1 messages the broker may have in flight to us;
 *                              this bounds the hand-off queue, which is how back-pressure works
 * @param sessionExpirySeconds  how long the broker keeps the session (and its queue) while we are away
 * @param username              broker user name; blank for an anonymous connection
 * @param passwordFile          file holding the broker password of {@code username} (the robot agent's
 *                              {@code broker-access} command writes it), read when the gateway connects
 * @param tls                   with an {@code ssl://} broker URL: the gateway logs in by its client
 *                              certificate (its common name is the user name the broker's ACL sees)
 */
@ConfigurationProperties("gateway.mqtt")
public record MqttIngestionProperties(
        @DefaultValue("tcp://127.0.0.1:1883") String brokerUrl,
        @DefaultValue("gateway-1") String clientId,
        @DefaultValue("factory/+/+/+/#") String topicFilter,
        @DefaultValue("") String sharedGroup,
        @DefaultValue("1000") int receiveMaximum,
        @DefaultValue("86400") long sessionExpirySeconds,
        @DefaultValue("") String username,
        Path passwordFile,
        Tls tls) {

    /**
     * The gateway's TLS identity on the broker, as {@code broker-access --tls-host} writes it.
     *
     * @param caFile          {@code gateway.mqtt.tls.ca-file}: the broker CA, the only one trusted
     * @param certificateFile {@code gateway.mqtt.tls.certificate-file}: the gateway's certificate
     * @param keyFile         {@code gateway.mqtt.tls.key-file}: its PKCS#8 P-256 key
     */
    public record Tls(Path caFile, Path certificateFile, Path keyFile) {

        public Tls {
            if (caFile == null || certificateFile == null || keyFile == null) {
                throw new IllegalArgumentException("gateway.mqtt.tls needs ca-file, certificate-file and key-file");
            }
        }
    }

    public MqttIngestionProperties {
        require(brokerUrl, "gateway.mqtt.broker-url");
        require(clientId, "gateway.mqtt.client-id");
        require(topicFilter, "gateway.mqtt.topic-filter");
        sharedGroup = sharedGroup == null ? "" : sharedGroup.strip();
        if (sharedGroup.contains("/") || sharedGroup.contains("+") || sharedGroup.contains("#")) {
            throw new IllegalArgumentException("gateway.mqtt.shared-group must not contain / + or #: " + sharedGroup);
        }
        username = username == null ? "" : username.strip();
        if (!username.isEmpty() && passwordFile == null) {
            throw new IllegalArgumentException(
                    "missing setting gateway.mqtt.password-file (required with gateway.mqtt.username " + username
                            + ")");
        }
        // Fields are assigned only after the compact constructor: usesTls() cannot be called here.
        boolean ssl = brokerUrl.startsWith("ssl://");
        if (ssl && tls == null) {
            throw new IllegalArgumentException(
                    "missing setting gateway.mqtt.tls (required with the ssl:// broker " + brokerUrl + ")");
        }
        if (!ssl && tls != null) {
            throw new IllegalArgumentException(
                    "gateway.mqtt.tls is set, but the broker URL " + brokerUrl + " is not ssl://");
        }
        if (receiveMaximum < 1 || receiveMaximum > 65_535) {
            throw new IllegalArgumentException("gateway.mqtt.receive-maximum must be 1..65535, was " + receiveMaximum);
        }
    }

    /** Whether the gateway logs in by its certificate over TLS. */
    public boolean usesTls() {
        return brokerUrl.startsWith("ssl://");
    }

    /** The subscription: {@code $share/{group}/{filter}}, or the plain filter without a group. */
    public String subscription() {
        return sharedGroup.isEmpty() ? topicFilter : "$share/" + sharedGroup + "/" + topicFilter;
    }

    /** The broker password, read from its file when the gateway connects. */
    public byte[] password() {
        try {
            return Files.readString(passwordFile).strip().getBytes(StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read gateway.mqtt.password-file " + passwordFile, e);
        }
    }

    private static void require(String value, String setting) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("missing setting " + setting);
        }
    }
}
