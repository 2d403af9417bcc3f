package dev.robotledger.gateway.ingestion;

import static org.assertj.core.api.Assertions.assertThat;

import dev.robotledger.gateway.testing.Await;
import dev.robotledger.gateway.testing.InProcessGateway;
import dev.robotledger.gateway.testing.JournalDatabase;
import dev.robotledger.gateway.testing.Publisher;
import dev.robotledger.gateway.testing.TestRobot;
import dev.robotledger.gateway.testing.containers.ContainerTest;
import dev.robotledger.gateway.testing.containers.ContainerizedMosquitto;
import dev.robotledger.gateway.testing.containers.ContainerizedPostgres;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The journal's database host dies mid-stream: every PostgreSQL process killed at once (SIGKILL to
 * its container, not the clean shutdown a process test can give), then started again over its
 * files. What the broker had acknowledged to the robots is all journaled once it is back, once.
 */
@ContainerTest
class DatabaseHostKilledContainerIT {

    private static final int ROBOTS = 4;
    private static final int ENVELOPES_PER_ROBOT = 500;
    private static final int READINGS_PER_WINDOW = 10;
    private static final Duration TIMEOUT = Duration.ofSeconds(120);

    @Test
    void nothingAcknowledgedIsLostWhenTheDatabaseContainerIsKilledMidStream() throws Exception {
        String run = UUID.randomUUID().toString().substring(0, 8);
        List<TestRobot> robots = new ArrayList<>();
        for (int i = 1; i <= ROBOTS; i++) {
            robots.add(new TestRobot("db-host-" + run + "-" + i));
        }
        try (ContainerizedPostgres postgres = ContainerizedPostgres.start();
                ContainerizedMosquitto broker = ContainerizedMosquitto.start();
                InProcessGateway gateway = InProcessGateway.start(postgres, broker.uri(), "db-host-" + run)) {
            JournalDatabase db = new JournalDatabase(postgres);
            robots.forEach(gateway::register);
            CompletableFuture<Void> publishing = CompletableFuture.runAsync(() -> {
                // Each publish returns once the broker has acknowledged it: everything sent is owed.
                try (Publisher publisher = new Publisher(broker.uri(), "robots-" + run)) {
                    for (int i = 1; i <= ENVELOPES_PER_ROBOT; i++) {
                        for (TestRobot robot : robots) {
                            publisher.publish(
                                    robot, i % 10 == 0 ? robot.event("part-" + i) : robot.window(READINGS_PER_WINDOW));
                        }
                    }
                }
            });
            Await.until(
                    "some envelopes journaled", TIMEOUT, () -> db.countOrZero("SELECT count(*) FROM envelopes") >= 300);

            double failuresBefore = gateway.counter("gateway.journal.commit.failures");
            postgres.kill();
            Await.until(
                    "the gateway failing to commit to the dead database",
                    TIMEOUT,
                    () -> gateway.counter("gateway.journal.commit.failures") > failuresBefore);
            postgres.startAgain();
            long atRestart = db.count("SELECT count(*) FROM envelopes");
            publishing.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);

            long expected = (long) ROBOTS * ENVELOPES_PER_ROBOT;
            assertThat(atRestart).as("killed mid-stream").isLessThan(expected);
            Await.until(
                    "every acknowledged envelope journaled after the database host came back",
                    TIMEOUT,
                    () -> db.count("SELECT count(*) FROM envelopes") == expected,
                    () -> db.count("SELECT count(*) FROM envelopes"));
            int windows = ENVELOPES_PER_ROBOT - ENVELOPES_PER_ROBOT / 10;
            assertThat(db.count("SELECT coalesce(sum(reading_count), 0) FROM envelopes"))
                    .isEqualTo((long) ROBOTS * windows * READINGS_PER_WINDOW);
            assertThat(db.jdbc().queryForList("""
                    SELECT robot_id, count(*) AS n, count(DISTINCT seq) AS distinct_seqs, min(seq) AS first, max(seq) AS last
                    FROM envelopes GROUP BY robot_id"""))
                    .hasSize(ROBOTS)
                    .allSatisfy(row -> assertThat(row)
                            .containsEntry("n", (long) ENVELOPES_PER_ROBOT)
                            .containsEntry("distinct_seqs", (long) ENVELOPES_PER_ROBOT)
                            .containsEntry("first", 1L)
                            .containsEntry("last", (long) ENVELOPES_PER_ROBOT));
            assertThat(db.jdbc().queryForList("SELECT reason, detail FROM dead_letters"))
                    .isEmpty();
            assertThat(db.count("SELECT count(*) FROM sequence_gaps")).isZero();
        }
    }
}
