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
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BrokerAccessIT {

    private static final int NOT_AUTHORIZED = 0x87;
    private static final String OWN_TOPIC = "factory/s1/l1/robot-a/event";
    private static final String OTHER_ROBOTS_TOPIC = "factory/s1/l1/robot-b/event";

    @TempDir
    Path tmp;

    private Path credentials;
    private MosquittoBroker broker;

    @BeforeEach
    void startSecuredBroker() throws IOException {
        credentials = tmp.resolve("credentials");
        BrokerFiles files = BrokerAccess.write(credentials, List.of("robot-a", "robot-b"), "gateway");
        broker = MosquittoBroker.startSecured(files.passwordFile(), files.aclFile());
    }

    @AfterEach
    void stopBroker() {
        broker.close();
    }

    @Test
    void robotAuthenticatedByItsPasswordPublishesAndTheGatewayUserReceives() throws Exception {
        try (TestSubscriber gateway = TestSubscriber.subscribe(
                        broker.uri(), "gw", Topic.ALL_ROBOTS_FILTER, "gateway", password("gateway"));
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
                    "the gateway user receives robot-a's telemetry",
                    () -> gateway.received().stream()
                            .anyMatch(m -> m.topic().equals("factory/s1/l1/robot-a/telemetry")));
        }
    }

    @Test
    void gatewayUserMayUseASharedSubscription() throws Exception {
        try (TestSubscriber gateway = TestSubscriber.subscribe(
                        broker.uri(),
                        "gw-shared",
                        Topic.sharedSubscription("gateways"),
                        "gateway",
                        password("gateway"));
                RawMqttClient robot = connect("robot-a", password("robot-a"))) {
            robot.client().publish(OWN_TOPIC, RawMqttClient.qos1("own")).waitForCompletion(10_000);

            Await.until(
                    Duration.ofSeconds(20),
                    "the shared subscription receives robot-a's message",
                    () -> gateway.received().stream().anyMatch(m -> m.topic().equals(OWN_TOPIC)));
        }
    }

    // Mosquitto 2.0.11 answers a wrong password, an unknown user and an anonymous client alike with
    // CONNACK 0x87 "not authorized" (not 0x86 "bad user name or password"), so no user names leak.
    @Test
    void refusesAWrongPasswordAsNotAuthorized() {
        assertThatThrownBy(() -> connect("robot-a", password("robot-b")))
                .isInstanceOfSatisfying(
                        MqttException.class, e -> assertThat(e.getReasonCode()).isEqualTo(NOT_AUTHORIZED));
    }

    @Test
    void refusesAnUnknownUserAsNotAuthorized() {
        assertThatThrownBy(() -> connect("robot-z", password("robot-a")))
                .isInstanceOfSatisfying(
                        MqttException.class, e -> assertThat(e.getReasonCode()).isEqualTo(NOT_AUTHORIZED));
    }

    @Test
    void refusesAnAnonymousClientAsNotAuthorized() {
        assertThatThrownBy(() -> connect(null, null))
                .isInstanceOfSatisfying(
                        MqttException.class, e -> assertThat(e.getReasonCode()).isEqualTo(NOT_AUTHORIZED));
    }

    @Test
    void agentWithAWrongPasswordKeepsItsBacklogAndDeliversOnceThePasswordIsFixed() throws Exception {
        Path robotCredentials = Files.createDirectories(tmp.resolve("robot-credentials"));
        Files.writeString(robotCredentials.resolve("robot-a.password"), "not-the-password\n");
        try (TestSubscriber gateway = TestSubscriber.subscribe(
                        broker.uri(), "gw", Topic.ALL_ROBOTS_FILTER, "gateway", password("gateway"));
                RobotAgent agent = RobotAgent.start(
                        tmp.resolve("robot-a"),
                        "robot-a",
                        "s1",
                        "l1",
                        AgentSettings.defaults(broker.uri()).withCredentialsDir(robotCredentials))) {
            agent.recordReading(System.currentTimeMillis(), Map.of("temp.c", 21.5), 0.25, 900);
            agent.flush().join();
            assertThat(agent.backlog()).isEqualTo(1);
            Await.until(
                    Duration.ofSeconds(10),
                    "the broker logged the refused login",
                    () -> brokerLog().contains("not authorised") || brokerLog().contains("bad user name or password"));
            assertThat(agent.backlog()).isEqualTo(1);

            Files.writeString(robotCredentials.resolve("robot-a.password"), password("robot-a"));

            Await.until(Duration.ofSeconds(20), () -> "robot-a backlog " + agent.backlog(), () -> agent.backlog() == 0);
            Await.until(
                    Duration.ofSeconds(20),
                    "the gateway user receives robot-a's telemetry",
                    () -> gateway.received().stream()
                            .anyMatch(m -> m.topic().equals("factory/s1/l1/robot-a/telemetry")));
        }
    }

    // Measured with Mosquitto 2.0.11 and max_queued_messages 0 (as here and in network/system.sh):
    // the denied QoS 1 publish gets PUBACK 0x87 and then the broker drops the connection.
    @Test
    void robotPublishingOnAnotherRobotsTopicIsRefusedAndDisconnectedWhileItsOwnTopicIsDelivered() throws Exception {
        try (TestSubscriber gateway =
                TestSubscriber.subscribe(broker.uri(), "gw", "factory/#", "gateway", password("gateway"))) {
            try (RawMqttClient forger = connect("robot-a", password("robot-a"))) {
                IMqttToken forged = forger.client().publish(OTHER_ROBOTS_TOPIC, RawMqttClient.qos1("forged"));
                forged.waitForCompletion(10_000);

                assertThat(forged.getReasonCodes()).containsExactly(NOT_AUTHORIZED);
                Await.until(
                        Duration.ofSeconds(10),
                        "the broker drops robot-a after the denied publish",
                        () -> !forger.client().isConnected());
            }
            try (RawMqttClient robotA = connect("robot-a", password("robot-a"))) {
                IMqttToken own = robotA.client().publish(OWN_TOPIC, RawMqttClient.qos1("own"));
                own.waitForCompletion(10_000);

                assertThat(own.getReasonCodes()).containsExactly(0);
                Await.until(
                        Duration.ofSeconds(20),
                        "robot-a's own message arrives",
                        () -> gateway.received().stream()
                                .anyMatch(m -> m.topic().equals(OWN_TOPIC)));
            }
            assertThat(gateway.received())
                    .extracting(TestSubscriber.Received::topic)
                    .containsExactly(OWN_TOPIC);
        }
    }

    // Mosquitto 2.0.11 grants the SUBACK (QoS 1) and enforces "read" when delivering: nothing arrives.
    @Test
    void robotSubscribedToOtherRobotsTopicsReceivesNothing() throws Exception {
        try (TestSubscriber gateway =
                        TestSubscriber.subscribe(broker.uri(), "gw", "factory/#", "gateway", password("gateway"));
                TestSubscriber spy = TestSubscriber.subscribe(
                        broker.uri(), "robot-a-spy", "factory/#", "robot-a", password("robot-a"));
                RawMqttClient robotB = connect("robot-b", password("robot-b"))) {
            robotB.client()
                    .publish(OTHER_ROBOTS_TOPIC, RawMqttClient.qos1("b's reading"))
                    .waitForCompletion(10_000);
            Await.until(
                    Duration.ofSeconds(20),
                    "the gateway receives robot-b's message",
                    () -> gateway.received().stream().anyMatch(m -> m.topic().equals(OTHER_ROBOTS_TOPIC)));
            // The broker decides every subscriber's delivery while handling robot-b's publish; a later
            // message reaching the gateway gives a delivery to the spy ample time to have arrived too.
            try (RawMqttClient spyPublisher = connect("robot-a", password("robot-a"))) {
                spyPublisher
                        .client()
                        .publish(OWN_TOPIC, RawMqttClient.qos1("own"))
                        .waitForCompletion(10_000);
            }
            Await.until(
                    Duration.ofSeconds(20),
                    "the gateway receives robot-a's message",
                    () -> gateway.received().stream().anyMatch(m -> m.topic().equals(OWN_TOPIC)));

            assertThat(spy.received()).isEmpty();
        }
    }

    @Test
    void rerunningKeepsExistingPasswordsAndAddsNewRobots() throws IOException {
        String before = password("robot-a");

        BrokerAccess.write(credentials, List.of("robot-a", "robot-b", "robot-c"), "gateway");

        assertThat(password("robot-a")).isEqualTo(before);
        assertThat(Files.readAllLines(credentials.resolve(BrokerAccess.PASSWORD_FILE)))
                .extracting(line -> line.substring(0, line.indexOf(':')))
                .containsExactly("robot-a", "robot-b", "robot-c", "gateway");
        assertThat(Files.readAllLines(credentials.resolve(BrokerAccess.PASSWORD_FILE)))
                .allSatisfy(line -> assertThat(line).matches("[^:]+:\\$7\\$\\d+\\$[^$]+\\$[^$]+"));
    }

    private String brokerLog() {
        try {
            return Files.readString(broker.log());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private String password(String user) throws IOException {
        return Files.readString(credentials.resolve(user + ".password"), StandardCharsets.UTF_8)
                .strip();
    }

    private RawMqttClient connect(String user, String password) throws MqttException {
        MqttConnectionOptions options = new MqttConnectionOptions();
        if (user != null) {
            options.setUserName(user);
            options.setPassword(password.getBytes(StandardCharsets.UTF_8));
        }
        return RawMqttClient.connect(broker.uri(), user == null ? "anon" : user + "-raw", options);
    }
}
