package dev.robotledger.gateway.ingestion.mqtt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.robotledger.agent.AgentSettings;
import dev.robotledger.agent.RobotAgent;
import dev.robotledger.agent.access.BrokerAccess;
import dev.robotledger.agent.access.BrokerCertificates;
import dev.robotledger.agent.access.BrokerFiles;
import dev.robotledger.agent.testing.MosquittoBroker;
import dev.robotledger.gateway.testing.Await;
import dev.robotledger.gateway.testing.InProcessGateway;
import dev.robotledger.gateway.testing.JournalDatabase;
import dev.robotledger.gateway.testing.PostgresServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The gateway logs in to a broker that authenticates every client, by password or by TLS client
 * certificate, and confines robots to their topics.
 */
class SecuredBrokerIT {

    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    @TempDir
    Path state;

    @Test
    void journalsReadingsOfAnAuthenticatedRobotWhenTheGatewayLogsInWithItsOwnPassword() throws Exception {
        Path access = state.resolve("access");
        BrokerFiles files = BrokerAccess.write(access, List.of("secure-1"), "gateway");
        try (PostgresServer postgres = PostgresServer.start();
                MosquittoBroker broker = MosquittoBroker.startSecured(files.passwordFile(), files.aclFile());
                InProcessGateway gateway = InProcessGateway.start(
                        postgres,
                        broker.uri(),
                        "secured-" + UUID.randomUUID(),
                        "gateway.mqtt.username=gateway",
                        "gateway.mqtt.password-file=" + access.resolve("gateway.password"));
                RobotAgent robot = RobotAgent.start(
                        Files.createDirectories(state.resolve("secure-1")),
                        "secure-1",
                        "plant-1",
                        "line-a",
                        AgentSettings.defaults(broker.uri()).withCredentialsDir(access))) {
            registerAndJournal150Readings(gateway, robot, postgres);
        }
    }

    @Test
    void journalsReadingsOfARobotLoggedInByItsCertificateWhenTheGatewayLogsInByItsOwn() throws Exception {
        Path access = state.resolve("access");
        BrokerAccess.write(access, List.of("tls-1"), "gateway");
        BrokerAccess.issueCertificates(access, List.of("tls-1"), "gateway", List.of("127.0.0.1"));
        try (PostgresServer postgres = PostgresServer.start();
                MosquittoBroker broker = MosquittoBroker.startTls(access);
                InProcessGateway gateway = InProcessGateway.start(
                        postgres,
                        broker.uri(),
                        "tls-" + UUID.randomUUID(),
                        "gateway.mqtt.tls.ca-file=" + access.resolve(BrokerCertificates.CA_CERTIFICATE),
                        "gateway.mqtt.tls.certificate-file=" + BrokerCertificates.certificateOf(access, "gateway"),
                        "gateway.mqtt.tls.key-file=" + BrokerCertificates.keyOf(access, "gateway"));
                RobotAgent robot = RobotAgent.start(
                        Files.createDirectories(state.resolve("tls-1")),
                        "tls-1",
                        "plant-1",
                        "line-a",
                        AgentSettings.defaults(broker.uri()).withCredentialsDir(access))) {
            registerAndJournal150Readings(gateway, robot, postgres);
        }
    }

    @Test
    void refusesToStartWhenTheBrokerRejectsTheGatewaysCertificate() throws Exception {
        Path access = state.resolve("access");
        BrokerAccess.write(access, List.of("tls-2"), "gateway");
        BrokerAccess.issueCertificates(access, List.of("tls-2"), "gateway", List.of("127.0.0.1"));
        Path foreign = state.resolve("foreign");
        BrokerAccess.issueCertificates(foreign, List.of(), "gateway", List.of("127.0.0.1"));
        try (PostgresServer postgres = PostgresServer.start();
                MosquittoBroker broker = MosquittoBroker.startTls(access)) {
            assertThatThrownBy(() -> InProcessGateway.start(
                                    postgres,
                                    broker.uri(),
                                    "tls-" + UUID.randomUUID(),
                                    "gateway.mqtt.tls.ca-file=" + access.resolve(BrokerCertificates.CA_CERTIFICATE),
                                    "gateway.mqtt.tls.certificate-file="
                                            + BrokerCertificates.certificateOf(foreign, "gateway"),
                                    "gateway.mqtt.tls.key-file=" + BrokerCertificates.keyOf(foreign, "gateway"))
                            .close())
                    .hasStackTraceContaining("cannot connect to the MQTT broker");
        }
    }

    @Test
    void refusesToStartWhenTheBrokerRejectsTheGatewaysPassword() throws Exception {
        Path access = state.resolve("access");
        BrokerFiles files = BrokerAccess.write(access, List.of("secure-2"), "gateway");
        Path wrongPassword = Files.writeString(state.resolve("wrong.password"), "not-the-password");
        try (PostgresServer postgres = PostgresServer.start();
                MosquittoBroker broker = MosquittoBroker.startSecured(files.passwordFile(), files.aclFile())) {
            assertThatThrownBy(() -> InProcessGateway.start(
                                    postgres,
                                    broker.uri(),
                                    "secured-" + UUID.randomUUID(),
                                    "gateway.mqtt.username=gateway",
                                    "gateway.mqtt.password-file=" + wrongPassword)
                            .close())
                    .hasStackTraceContaining("ot authorized");
        }
    }

    private static void registerAndJournal150Readings(
            InProcessGateway gateway, RobotAgent robot, PostgresServer postgres) throws Exception {
        gateway.web()
                .post()
                .uri("/api/robots")
                .bodyValue(Map.of(
                        "robotId",
                        robot.identity().robotId(),
                        "publicKey",
                        robot.identity().publicKeyPem()))
                .exchange()
                .expectStatus()
                .isCreated();
        for (int reading = 0; reading < 150; reading++) {
            robot.recordReading(1_767_225_600_000L + reading, Map.of("temp.c", 21.0), 0.2, 800);
        }
        robot.flush().get(30, TimeUnit.SECONDS);

        JournalDatabase db = new JournalDatabase(postgres);
        Await.until(
                "150 readings journaled",
                TIMEOUT,
                () -> db.count("SELECT coalesce(sum(reading_count), 0) FROM envelopes") == 150,
                () -> db.count("SELECT coalesce(sum(reading_count), 0) FROM envelopes"));
        assertThat(db.count("SELECT count(*) FROM dead_letters")).isZero();
    }
}
