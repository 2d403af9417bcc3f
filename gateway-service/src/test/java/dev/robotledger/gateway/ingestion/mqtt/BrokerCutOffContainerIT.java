package dev.robotledger.gateway.ingestion.mqtt;

import static org.assertj.core.api.Assertions.assertThat;

import dev.robotledger.gateway.testing.Await;
import dev.robotledger.gateway.testing.InProcessGateway;
import dev.robotledger.gateway.testing.JournalDatabase;
import dev.robotledger.gateway.testing.Publisher;
import dev.robotledger.gateway.testing.TestRobot;
import dev.robotledger.gateway.testing.containers.ContainerNetwork;
import dev.robotledger.gateway.testing.containers.ContainerTest;
import dev.robotledger.gateway.testing.containers.ContainerizedMosquitto;
import dev.robotledger.gateway.testing.containers.ContainerizedPostgres;
import dev.robotledger.gateway.testing.containers.NetworkLink;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The manufacturer's gateway cut off from the broker while the robots go on publishing to it:
 * the gateway's path to the broker (a container of its own) is frozen, silently, as a broken
 * network is. Everything published meanwhile is journaled once after the path is back, nothing
 * lost, nothing twice. A broker restart (BrokerReturnIT) closes the connection; a cut does not,
 * and only a separate network hop can show it.
 */
@ContainerTest
class BrokerCutOffContainerIT {

    private static final Duration PUBLISH_EVERY = Duration.ofMillis(200);
    // Mosquitto gives a client up after 1.5 times its keep-alive (the gateway's is 30 s) without a
    // packet; from then on it queues what arrives in the gateway's session instead of sending it.
    private static final Duration GIVEN_UP_WITHIN = Duration.ofSeconds(90);
    private static final Duration TIMEOUT = Duration.ofSeconds(90);
    private static final int ROBOTS = 3;

    @Test
    void everythingPublishedWhileTheGatewayIsCutOffFromTheBrokerIsJournaledOnce() throws Exception {
        String run = UUID.randomUUID().toString().substring(0, 8);
        List<TestRobot> robots = new ArrayList<>();
        for (int i = 1; i <= ROBOTS; i++) {
            robots.add(new TestRobot("cut-off-" + run + "-" + i));
        }
        Map<String, Integer> published = new ConcurrentHashMap<>();
        AtomicInteger rounds = new AtomicInteger();
        try (ContainerNetwork network = ContainerNetwork.create();
                ContainerizedPostgres postgres = ContainerizedPostgres.start();
                ContainerizedMosquitto broker = ContainerizedMosquitto.start(network, "broker");
                NetworkLink gatewayPath = NetworkLink.toBroker(network, broker);
                // A plain subscription, as the manufacturer's gateway has it (network/system.sh).
                InProcessGateway gateway = InProcessGateway.start(
                        postgres, gatewayPath.uri(), "cut-off-" + run, "gateway.mqtt.shared-group=");
                Publisher robotsPublisher = new Publisher(broker.uri(), "robots-" + run)) {
            JournalDatabase db = new JournalDatabase(postgres);
            robots.forEach(gateway::register);
            Runnable publishRound = () -> {
                robots.forEach(robot -> {
                    robotsPublisher.publish(robot, robot.window(5));
                    published.merge(robot.robotId(), 1, Integer::sum);
                });
                rounds.incrementAndGet();
            };
            for (int i = 0; i < 20; i++) {
                publishRound.run();
            }
            Await.until(
                    "the windows before the cut journaled",
                    TIMEOUT,
                    () -> db.count("SELECT count(*) FROM envelopes") == 20L * ROBOTS);

            gatewayPath.cut();
            long cutAt = System.nanoTime();
            String gatewayTimedOut = "Client cut-off-" + run + " has exceeded timeout";
            ScheduledExecutorService robotsClock = Executors.newSingleThreadScheduledExecutor();
            try {
                int beforeCut = rounds.get();
                ScheduledFuture<?> publishing = robotsClock.scheduleAtFixedRate(
                        publishRound, 0, PUBLISH_EVERY.toMillis(), TimeUnit.MILLISECONDS);
                awaitRounds(rounds, beforeCut + 10, publishing, "robots publishing while the gateway is cut off");
                // What the gateway had received before the cut is journaled by now.
                long earlyInTheCut = db.count("SELECT count(*) FROM envelopes");
                Await.until(
                        "the broker giving the cut-off gateway up",
                        GIVEN_UP_WITHIN,
                        () -> broker.logs().contains(gatewayTimedOut));
                awaitRounds(
                        rounds,
                        rounds.get() + 10,
                        publishing,
                        "robots publishing while the broker queues for the gateway");
                assertThat(db.count("SELECT count(*) FROM envelopes"))
                        .as("journaled while the gateway was cut off")
                        .isEqualTo(earlyInTheCut);
            } finally {
                robotsClock.shutdown();
                assertThat(robotsClock.awaitTermination(10, TimeUnit.SECONDS))
                        .as("robots stopped publishing")
                        .isTrue();
            }
            gatewayPath.restore();
            long restored = System.nanoTime();
            System.out.printf(
                    "[containers] the gateway's path to the broker cut for %.1f s%n", (restored - cutAt) / 1e9);

            long expected =
                    published.values().stream().mapToLong(Integer::longValue).sum();
            assertThat(expected).as("published during the cut").isGreaterThan(20L * ROBOTS + 100);
            Await.until(
                    "every window journaled after the path came back",
                    TIMEOUT,
                    () -> db.count("SELECT count(*) FROM envelopes") >= expected,
                    () -> db.count("SELECT count(*) FROM envelopes") + " of " + expected);
            System.out.printf(
                    "[containers] %d windows journaled %.1f s after the gateway's path to the broker came back%n",
                    expected, (System.nanoTime() - restored) / 1e9);

            assertThat(db.count("SELECT count(*) FROM envelopes")).isEqualTo(expected);
            assertThat(db.jdbc().queryForList("""
                    SELECT robot_id, count(*) AS n, count(DISTINCT seq) AS distinct_seqs, min(seq) AS first, max(seq) AS last
                    FROM envelopes GROUP BY robot_id""")).hasSize(ROBOTS).allSatisfy(row -> {
                long sent = published.get((String) row.get("robot_id"));
                assertThat(row)
                        .containsEntry("n", sent)
                        .containsEntry("distinct_seqs", sent)
                        .containsEntry("first", 1L)
                        .containsEntry("last", sent);
            });
            assertThat(db.jdbc().queryForList("SELECT reason, detail FROM dead_letters"))
                    .isEmpty();
            assertThat(db.count("SELECT count(*) FROM sequence_gaps")).isZero();
        }
    }

    /** Waits for rounds of publishing; a round that failed ends the schedule, and the failure is shown. */
    private static void awaitRounds(AtomicInteger rounds, int atLeast, ScheduledFuture<?> publishing, String what)
            throws InterruptedException {
        Await.until(what, TIMEOUT, () -> rounds.get() >= atLeast || publishing.isDone(), rounds::get);
        if (publishing.isDone()) {
            try {
                publishing.get();
            } catch (ExecutionException | CancellationException e) {
                throw new AssertionError("the robots stopped publishing during the cut", e);
            }
        }
    }
}
