package dev.robotledger.gateway.ingestion;

import static org.assertj.core.api.Assertions.assertThat;

import dev.robotledger.agent.AgentSettings;
import dev.robotledger.agent.RobotAgent;
import dev.robotledger.agent.testing.MosquittoBroker;
import dev.robotledger.gateway.testing.Await;
import dev.robotledger.gateway.testing.GatewayProcess;
import dev.robotledger.gateway.testing.InProcessGateway;
import dev.robotledger.gateway.testing.JournalDatabase;
import dev.robotledger.gateway.testing.PostgresServer;
import dev.robotledger.gateway.testing.Publisher;
import dev.robotledger.gateway.testing.TestRobot;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Nothing acknowledged is lost and nothing is journaled twice when the gateway or its database dies. */
class CrashRecoveryIT {

    private static final int ROBOTS = 4;
    private static final int ENVELOPES_PER_ROBOT = 1000;
    private static final int READINGS_PER_WINDOW = 10;
    private static final Duration TIMEOUT = Duration.ofSeconds(120);

    /** Publishes every robot's envelopes, one robot after another in turn; every tenth is an event. */
    private static CompletableFuture<Void> publishInBackground(String brokerUrl, List<TestRobot> robots) {
        return CompletableFuture.runAsync(() -> {
            try (Publisher publisher = new Publisher(brokerUrl, "robots-" + UUID.randomUUID())) {
                for (int i = 1; i <= ENVELOPES_PER_ROBOT; i++) {
                    for (TestRobot robot : robots) {
                        publisher.publish(
                                robot, i % 10 == 0 ? robot.event("part-" + i) : robot.window(READINGS_PER_WINDOW));
                    }
                }
            }
        });
    }

    private static List<TestRobot> robots(String prefix) {
        List<TestRobot> robots = new ArrayList<>();
        for (int i = 1; i <= ROBOTS; i++) {
            robots.add(new TestRobot(prefix + "-" + i));
        }
        return robots;
    }

    private static void assertEveryEnvelopeJournaledExactlyOnce(JournalDatabase db) {
        int windows = ENVELOPES_PER_ROBOT - ENVELOPES_PER_ROBOT / 10;
        assertThat(db.count("SELECT count(*) FROM envelopes")).isEqualTo((long) ROBOTS * ENVELOPES_PER_ROBOT);
        assertThat(db.count("SELECT coalesce(sum(reading_count), 0) FROM envelopes"))
                .isEqualTo((long) ROBOTS * windows * READINGS_PER_WINDOW);
        assertThat(db.jdbc().queryForList("""
                SELECT robot_id, count(*) AS n, min(seq) AS first, max(seq) AS last
                FROM envelopes GROUP BY robot_id ORDER BY robot_id"""))
                .hasSize(ROBOTS)
                .allSatisfy(row -> assertThat(row)
                        .containsEntry("n", (long) ENVELOPES_PER_ROBOT)
                        .containsEntry("first", 1L)
                        .containsEntry("last", (long) ENVELOPES_PER_ROBOT));
        assertThat(db.jdbc().queryForList("SELECT reason, detail FROM dead_letters"))
                .isEmpty();
        assertThat(db.count("SELECT count(*) FROM sequence_gaps")).isZero();
    }

    @Test
    void journalsEveryMessageExactlyOnceAcrossAGatewayKilledWithSigkill() throws Exception {
        try (PostgresServer postgres = PostgresServer.start();
                MosquittoBroker broker = MosquittoBroker.start()) {
            JournalDatabase db = new JournalDatabase(postgres);
            String clientId = "crash-" + UUID.randomUUID();
            Path logs = Path.of("target", "gateway-process-logs", clientId + ".log");
            List<TestRobot> robots = robots("crash");
            CompletableFuture<Void> publishing;
            long journaledAtKill;
            try (GatewayProcess gateway = GatewayProcess.start(postgres, broker.uri(), clientId, logs)) {
                for (TestRobot robot : robots) {
                    assertThat(gateway.post(
                                    "/api/robots",
                                    "{\"robotId\":\"" + robot.robotId() + "\",\"publicKey\":\""
                                            + robot.publicKeyBase64() + "\"}"))
                            .isEqualTo(201);
                }
                publishing = publishInBackground(broker.uri(), robots);
                Await.until(
                        "some envelopes journaled", TIMEOUT, () -> db.count("SELECT count(*) FROM envelopes") >= 300);
                gateway.kill();
                journaledAtKill = db.count("SELECT count(*) FROM envelopes");
            }
            assertThat(journaledAtKill).as("killed mid-stream").isLessThan((long) ROBOTS * ENVELOPES_PER_ROBOT);
            publishing.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);

            try (GatewayProcess restarted = GatewayProcess.start(postgres, broker.uri(), clientId, logs)) {
                Await.until(
                        "every envelope journaled after the restart",
                        TIMEOUT,
                        () -> db.count("SELECT count(*) FROM envelopes") == (long) ROBOTS * ENVELOPES_PER_ROBOT,
                        () -> db.count("SELECT count(*) FROM envelopes"));
                assertEveryEnvelopeJournaledExactlyOnce(db);
            }
        }
    }

    @Test
    void journalsEveryMessageExactlyOnceAcrossADatabaseRestart() throws Exception {
        try (PostgresServer postgres = PostgresServer.start();
                MosquittoBroker broker = MosquittoBroker.start()) {
            JournalDatabase db = new JournalDatabase(postgres);
            String clientId = "pg-restart-" + UUID.randomUUID();
            List<TestRobot> robots = robots("durable");
            try (InProcessGateway gateway = InProcessGateway.start(postgres, broker.uri(), clientId)) {
                robots.forEach(gateway::register);
                CompletableFuture<Void> publishing = publishInBackground(broker.uri(), robots);
                Await.until(
                        "some envelopes journaled", TIMEOUT, () -> db.count("SELECT count(*) FROM envelopes") >= 300);
                postgres.restart();
                assertThat(db.count("SELECT count(*) FROM envelopes"))
                        .as("restarted mid-stream")
                        .isLessThan((long) ROBOTS * ENVELOPES_PER_ROBOT);
                publishing.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);

                Await.until(
                        "every envelope journaled after the database restart",
                        TIMEOUT,
                        () -> db.count("SELECT count(*) FROM envelopes") == (long) ROBOTS * ENVELOPES_PER_ROBOT,
                        () -> db.count("SELECT count(*) FROM envelopes"));
                assertEveryEnvelopeJournaledExactlyOnce(db);
            }
        }
    }

    @Test
    void journalsEveryReadingExactlyOnceAcrossABrokerRestart(@TempDir Path state) throws Exception {
        try (PostgresServer postgres = PostgresServer.start();
                MosquittoBroker broker = MosquittoBroker.start();
                // A plain subscription: Mosquitto 2.0.11 drops what is published for a persisted
                // shared subscription between its restart and the subscriber's reconnect.
                InProcessGateway gateway = InProcessGateway.start(
                        postgres, broker.uri(), "broker-restart-" + UUID.randomUUID(), "gateway.mqtt.shared-group=")) {
            JournalDatabase db = new JournalDatabase(postgres);
            AgentSettings settings = AgentSettings.defaults(broker.uri()).withWindow(10, Duration.ofMillis(100));
            List<RobotAgent> agents = new ArrayList<>();
            try {
                for (int i = 1; i <= 3; i++) {
                    RobotAgent agent =
                            RobotAgent.start(state.resolve("agent-" + i), "agent-" + i, "plant-1", "line-c", settings);
                    agents.add(agent);
                    gateway.web()
                            .post()
                            .uri("/api/robots")
                            .bodyValue(Map.of(
                                    "robotId",
                                    agent.identity().robotId(),
                                    "publicKey",
                                    agent.identity().publicKeyPem()))
                            .exchange()
                            .expectStatus()
                            .isCreated();
                }
                recordReadings(agents, 0, 300);
                Await.until(
                        "some readings journaled before the broker restart",
                        TIMEOUT,
                        () -> db.count("SELECT coalesce(sum(reading_count), 0) FROM envelopes") >= 300);
                broker.restart();
                recordReadings(agents, 300, 600);

                Await.until(
                        "every reading journaled after the broker restart",
                        TIMEOUT,
                        () -> db.count("SELECT coalesce(sum(reading_count), 0) FROM envelopes") == 1800,
                        () -> db.count("SELECT coalesce(sum(reading_count), 0) FROM envelopes")
                                + " readings; gateway received "
                                + gateway.counter("gateway.messages.received") + ", duplicates "
                                + gateway.counter("gateway.messages.duplicates") + "; agent backlogs "
                                + agents.stream().map(RobotAgent::backlog).toList() + ", connected "
                                + agents.stream().map(RobotAgent::isConnected).toList());
            } finally {
                for (RobotAgent agent : agents) {
                    agent.close();
                }
            }
            assertThat(db.jdbc().queryForList("SELECT reason, detail FROM dead_letters"))
                    .isEmpty();
            assertThat(db.count("SELECT count(*) FROM sequence_gaps")).isZero();
            assertThat(db.jdbc().queryForList("""
                    SELECT robot_id, sum(reading_count) AS n FROM envelopes GROUP BY robot_id ORDER BY robot_id"""))
                    .extracting(row -> row.get("robot_id") + "=" + row.get("n"))
                    .containsExactly("agent-1=600", "agent-2=600", "agent-3=600");
        }
    }

    private static void recordReadings(List<RobotAgent> agents, int from, int to) throws Exception {
        for (int reading = from; reading < to; reading++) {
            for (RobotAgent agent : agents) {
                agent.recordReading(1_767_225_600_000L + reading, Map.of("temp.c", 20.0 + reading % 5), 0.5, 900);
            }
        }
        for (RobotAgent agent : agents) {
            agent.flush().get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        }
    }
}
