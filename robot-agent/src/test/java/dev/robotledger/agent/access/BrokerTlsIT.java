package dev.robotledger.agent.access;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.robotledger.agent.AgentSettings;
import dev.robotledger.agent.RobotAgent;
import dev.robotledger.agent.testing.Await;
import dev.robotledger.agent.testing.MosquittoBroker;
import dev.robotledger.agent.testing.RawMqttClient;
import dev.robotledger.agent.testing.TestSubscriber;
import dev.robotledger.wire.topic.Topic;
import dev.robotledger.wire.transport.MqttTls;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import javax.net.SocketFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The broker's TLS listener, where each robot logs in by its own certificate and no password works. */
class BrokerTlsIT {

    private static final int NOT_AUTHORIZED = 0x87;
    private static final String OWN_TOPIC = "factory/s1/l1/robot-a/event";
    private static final String OTHER_ROBOTS_TOPIC = "factory/s1/l1/robot-b/event";
    private static final String TELEMETRY = "factory/s1/l1/robot-a/telemetry";

    @TempDir
    Path tmp;

    private Path credentials;
    private MosquittoBroker broker;

    @BeforeEach
    void startTlsBroker() throws IOException {
        credentials = tmp.resolve("credentials");
        List<String> robots = List.of("robot-a", "robot-b");
        BrokerAccess.write(credentials, robots, "gateway");
        BrokerAccess.issueCertificates(credentials, robots, "gateway", List.of("127.0.0.1", "localhost"));
        broker = MosquittoBroker.startTls(credentials);
    }

    @AfterEach
    void stopBroker() {
        broker.close();
    }

    @Test
    void robotLoggedInByItsCertificatePublishesAndTheGatewayReceives() throws Exception {
        try (TestSubscriber gateway =
                        TestSubscriber.subscribe(broker.uri(), "gw", Topic.ALL_ROBOTS_FILTER, tls("gateway"));
                RobotAgent agent = RobotAgent.start(
                        tmp.resolve("robot-a"),
                        "robot-a",
                        "s1",
                        "l1",
                        AgentSettings.defaults(broker.uri()).withCredentialsDir(credentials))) {
            agent.recordReading(System.currentTimeMillis(), Map.of("temp.c", 21.5), 0.25, 900);
            agent.flush().join();

            Await.until(Duration.ofSeconds(20), () -> "robot-a backlog " + agent.backlog(), () -> agent.backlog() == 0);
            Await.until(
                    Duration.ofSeconds(20),
                    "the gateway receives robot-a's telemetry",
                    () -> gateway.received().stream().anyMatch(m -> m.topic().equals(TELEMETRY)));
        }
    }

    // The certificate's common name is the user name the ACL sees: robot-a's certificate cannot
    // write robot-b's topics, exactly as robot-a's password could not.
    @Test
    void robotCertificateCannotPublishOnAnotherRobotsTopic() throws Exception {
        try (TestSubscriber gateway = TestSubscriber.subscribe(broker.uri(), "gw", "factory/#", tls("gateway"));
                RawMqttClient forger = connect("robot-a-raw", tls("robot-a"))) {
            IMqttToken forged = forger.client().publish(OTHER_ROBOTS_TOPIC, RawMqttClient.qos1("forged"));
            forged.waitForCompletion(10_000);
            assertThat(forged.getReasonCodes()).containsExactly(NOT_AUTHORIZED);

            try (RawMqttClient robotA = connect("robot-a-raw2", tls("robot-a"))) {
                robotA.client().publish(OWN_TOPIC, RawMqttClient.qos1("own")).waitForCompletion(10_000);
            }
            Await.until(
                    Duration.ofSeconds(20),
                    "robot-a's own message arrives",
                    () -> gateway.received().stream().anyMatch(m -> m.topic().equals(OWN_TOPIC)));
            assertThat(gateway.received())
                    .extracting(TestSubscriber.Received::topic)
                    .containsExactly(OWN_TOPIC);
        }
    }

    @Test
    void refusesAClientWithoutACertificateEvenWithTheRightPassword() throws Exception {
        MqttConnectionOptions options = new MqttConnectionOptions();
        options.setSocketFactory(trustingTheBrokerOnly());
        options.setUserName("robot-a");
        options.setPassword(Files.readString(credentials.resolve("robot-a.password"), StandardCharsets.UTF_8)
                .strip()
                .getBytes(StandardCharsets.UTF_8));

        assertThatThrownBy(() -> connect("robot-a-password", options)).isInstanceOf(MqttException.class);
    }

    @Test
    void refusesACertificateFromAnotherCa() throws IOException {
        Path foreign = tmp.resolve("foreign");
        BrokerAccess.issueCertificates(foreign, List.of("robot-a"), "gateway", List.of("127.0.0.1"));
        SocketFactory foreignRobot = MqttTls.socketFactory(
                credentials.resolve(BrokerCertificates.CA_CERTIFICATE),
                BrokerCertificates.certificateOf(foreign, "robot-a"),
                BrokerCertificates.keyOf(foreign, "robot-a"));

        assertThatThrownBy(() -> connect("robot-a-foreign", foreignRobot)).isInstanceOf(MqttException.class);
    }

    @Test
    void aRevokedRobotIsRefusedOnceTheBrokerHasReadTheRevocationListAndOthersGoOn() throws Exception {
        SocketFactory robotB = tls("robot-b");
        try (RawMqttClient before = connect("robot-b-before", robotB)) {
            assertThat(before.client().isConnected()).isTrue();
        }

        assertThat(BrokerCertificates.open(credentials).revoke("robot-b")).isTrue();
        broker.restart();

        assertThatThrownBy(() -> connect("robot-b-after", robotB)).isInstanceOf(MqttException.class);
        assertThat(BrokerCertificates.certificateOf(credentials, "robot-b")).doesNotExist();
        BrokerAccess.issueCertificates(credentials, List.of("robot-a", "robot-b"), "gateway", List.of("127.0.0.1"));
        assertThat(BrokerCertificates.certificateOf(credentials, "robot-b"))
                .as("never issued again")
                .doesNotExist();
        try (RawMqttClient robotA = connect("robot-a-after", tls("robot-a"))) {
            assertThat(robotA.client().isConnected()).isTrue();
        }
    }

    @Test
    void rerunningKeepsIssuedCertificatesAndAddsNewRobots() throws IOException {
        String before = Files.readString(BrokerCertificates.certificateOf(credentials, "robot-a"));

        BrokerAccess.issueCertificates(credentials, List.of("robot-a", "robot-c"), "gateway", List.of("127.0.0.1"));

        assertThat(Files.readString(BrokerCertificates.certificateOf(credentials, "robot-a")))
                .isEqualTo(before);
        assertThat(BrokerCertificates.certificateOf(credentials, "robot-c")).exists();
        assertThat(Files.getPosixFilePermissions(BrokerCertificates.keyOf(credentials, "robot-c")))
                .extracting(Object::toString)
                .containsExactlyInAnyOrder("OWNER_READ", "OWNER_WRITE");
    }

    private SocketFactory tls(String user) throws IOException {
        return MqttTls.socketFactory(
                credentials.resolve(BrokerCertificates.CA_CERTIFICATE),
                BrokerCertificates.certificateOf(credentials, user),
                BrokerCertificates.keyOf(credentials, user));
    }

    /** TLS that trusts the broker but presents no certificate of its own. */
    private SocketFactory trustingTheBrokerOnly() throws Exception {
        KeyStore trusted = KeyStore.getInstance("PKCS12");
        trusted.load(null, null);
        try (InputStream ca = Files.newInputStream(credentials.resolve(BrokerCertificates.CA_CERTIFICATE))) {
            trusted.setCertificateEntry(
                    "ca", CertificateFactory.getInstance("X.509").generateCertificate(ca));
        }
        TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(trusted);
        SSLContext context = SSLContext.getInstance("TLSv1.3");
        context.init(null, trust.getTrustManagers(), null);
        return context.getSocketFactory();
    }

    private RawMqttClient connect(String clientId, SocketFactory tls) throws MqttException {
        MqttConnectionOptions options = new MqttConnectionOptions();
        options.setSocketFactory(tls);
        return connect(clientId, options);
    }

    private RawMqttClient connect(String clientId, MqttConnectionOptions options) throws MqttException {
        options.setConnectionTimeout(10);
        return RawMqttClient.connect(broker.uri(), clientId, options);
    }
}
