package dev.robotledger.gateway.ingestion;

import static org.assertj.core.api.Assertions.assertThat;

import dev.robotledger.agent.testing.MosquittoBroker;
import dev.robotledger.gateway.access.Role;
import dev.robotledger.gateway.testing.Await;
import dev.robotledger.gateway.testing.GatewayProcess;
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
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Two gateways in one shared group journal into one database while robots publish; each is killed
 * with SIGKILL mid-stream in turn and started again. The broker deals a robot's consecutive
 * messages to both, so they reach the journal out of order, and the killed gateway's share waits
 * at the broker for its session. In the end every envelope the broker acknowledged is journaled
 * exactly once, nothing is dead-lettered and no gap is left.
 */
class TwoGatewaysIT {

    private static final int ROBOTS = 4;
    private static final int READINGS_PER_WINDOW = 5;
    private static final String GROUP = "ingest";
    private static final Duration PACE = Duration.ofMillis(20);
    private static final Duration TIMEOUT = Duration.ofSeconds(120);
    private static final Pattern ACCEPTED =
            Pattern.compile("(?m)^gateway_messages_accepted_total(?:\\{[^}]*})? (\\S+)$");
    private static final Pattern REFUSED_AS_REVOKED =
            Pattern.compile("(?m)^gateway_messages_rejected_total\\{[^}]*reason=\"REVOKED_ROBOT\"[^}]*} (\\S+)$");

    @Test
    void journalsEveryAcknowledgedEnvelopeOnceAcrossAKillOfEitherGateway() throws Exception {
        try (PostgresServer postgres = PostgresServer.start();
                MosquittoBroker broker = MosquittoBroker.start()) {
            JournalDatabase db = new JournalDatabase(postgres);
            String run = UUID.randomUUID().toString();
            List<String> clientIds = List.of("gateway-a-" + run, "gateway-b-" + run);
            List<GatewayProcess> gateways = new ArrayList<>();
            List<TestRobot> robots = new ArrayList<>();
            for (int i = 1; i <= ROBOTS; i++) {
                robots.add(new TestRobot("shared-" + i));
            }
            Map<String, Long> acknowledged = new ConcurrentHashMap<>();
            AtomicBoolean publishing = new AtomicBoolean(true);
            CompletableFuture<Void> robotsDone = null;
            try {
                for (String clientId : clientIds) {
                    gateways.add(start(postgres, broker, clientId));
                }
                for (TestRobot robot : robots) {
                    assertThat(gateways.get(0)
                                    .post(
                                            "/api/robots",
                                            "{\"robotId\":\"" + robot.robotId() + "\",\"publicKey\":\""
                                                    + robot.publicKeyBase64() + "\"}"))
                            .isEqualTo(201);
                }
                robotsDone = publishUntilStopped(broker.uri(), robots, publishing, acknowledged);

                for (int victim = 0; victim < gateways.size(); victim++) {
                    long before = journaled(db);
                    Await.until("more envelopes journaled", TIMEOUT, () -> journaled(db) >= before + 500);
                    gateways.get(victim).kill();
                    long atKill = journaled(db);
                    Await.until(
                            "the other gateway journaling on alone",
                            TIMEOUT,
                            () -> journaled(db) >= atKill + 200,
                            () -> journaled(db));
                    gateways.set(victim, start(postgres, broker, clientIds.get(victim)));
                }
                long afterRestarts = journaled(db);
                Await.until(
                        "more envelopes journaled after both restarts",
                        TIMEOUT,
                        () -> journaled(db) >= afterRestarts + 500);
            } catch (RuntimeException | AssertionError e) {
                gateways.forEach(GatewayProcess::close);
                throw e;
            } finally {
                publishing.set(false);
                if (robotsDone != null) {
                    robotsDone.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
                }
            }
            long sent =
                    acknowledged.values().stream().mapToLong(Long::longValue).sum();
            Await.until(
                    "every acknowledged envelope journaled",
                    TIMEOUT,
                    () -> journaled(db) >= sent,
                    () -> journaled(db) + " of " + sent);

            assertThat(db.jdbc().queryForList("SELECT reason, robot_id, seq, detail FROM dead_letters"))
                    .isEmpty();
            assertThat(db.jdbc().queryForList("SELECT * FROM sequence_gaps")).isEmpty();
            for (TestRobot robot : robots) {
                long published = acknowledged.get(robot.robotId());
                assertThat(db.jdbc()
                                .queryForMap(
                                        "SELECT count(*) AS n, count(DISTINCT seq) AS distinct_seqs, min(seq) AS first,"
                                                + " max(seq) AS last FROM envelopes WHERE robot_id = ?",
                                        robot.robotId()))
                        .as("robot %s published %d", robot.robotId(), published)
                        .containsEntry("n", published)
                        .containsEntry("distinct_seqs", published)
                        .containsEntry("first", 1L)
                        .containsEntry("last", published);
            }
            assertThat(journaled(db)).isEqualTo(sent);
            assertThat(db.count("SELECT coalesce(sum(reading_count), 0) FROM envelopes"))
                    .isEqualTo(sent * READINGS_PER_WINDOW);
            assertThat(db.count("SELECT sum(envelopes) FROM robot_sequences")).isEqualTo(sent);
            // Both took a share since their restart: the load was shared, not failed over.
            for (GatewayProcess gateway : gateways) {
                assertThat(metric(gateway, ACCEPTED)).isPositive();
            }

            // Revoked through the first gateway: the second, which has the robot cached as active,
            // refuses the share the broker deals it too.
            TestRobot revoked = robots.get(0);
            assertThat(gateways.get(0).post("/api/robots/" + revoked.robotId() + "/revoke", "{}"))
                    .isEqualTo(200);
            try (Publisher publisher = new Publisher(broker.uri(), "revoked-" + run)) {
                for (int i = 0; i < 6; i++) {
                    publisher.publish(revoked, revoked.window(READINGS_PER_WINDOW));
                }
            }
            Await.until(
                    "the revoked robot's envelopes dead-lettered",
                    TIMEOUT,
                    () -> db.count("SELECT count(*) FROM dead_letters WHERE reason = 'REVOKED_ROBOT'") == 6,
                    () -> db.jdbc().queryForList("SELECT reason, seq FROM dead_letters"));
            assertThat(journaled(db)).isEqualTo(sent);
            assertThat(metric(gateways.get(1), REFUSED_AS_REVOKED))
                    .as("the second gateway refused its share")
                    .isPositive();
            gateways.forEach(GatewayProcess::close);
        }
    }

    private static GatewayProcess start(PostgresServer postgres, MosquittoBroker broker, String clientId) {
        return GatewayProcess.start(
                postgres,
                broker.uri(),
                clientId,
                Path.of("target", "gateway-process-logs", clientId + ".log"),
                "gateway.mqtt.shared-group=" + GROUP);
    }

    private static long journaled(JournalDatabase db) {
        return db.count("SELECT count(*) FROM envelopes");
    }

    /** The robots publish in turn until stopped; a robot's count is its last envelope the broker acknowledged. */
    private static CompletableFuture<Void> publishUntilStopped(
            String brokerUrl, List<TestRobot> robots, AtomicBoolean publishing, Map<String, Long> acknowledged) {
        return CompletableFuture.runAsync(() -> {
            try (Publisher publisher = new Publisher(brokerUrl, "robots-" + UUID.randomUUID())) {
                for (long seq = 1; publishing.get(); seq++) {
                    for (TestRobot robot : robots) {
                        publisher.publish(robot, robot.window(READINGS_PER_WINDOW));
                        acknowledged.put(robot.robotId(), seq);
                    }
                    // About 200 envelopes a second: what piles up for a gateway while it restarts stays small.
                    LockSupport.parkNanos(PACE.toNanos());
                }
            }
        });
    }

    private static double metric(GatewayProcess gateway, Pattern metric) {
        GatewayProcess.Answer metrics = gateway.call(Role.METRICS, "GET", "/actuator/prometheus", null);
        assertThat(metrics.status()).isEqualTo(200);
        Matcher value = metric.matcher(metrics.body());
        assertThat(value.find()).as("%s in the metrics", metric).isTrue();
        return Double.parseDouble(value.group(1));
    }
}
