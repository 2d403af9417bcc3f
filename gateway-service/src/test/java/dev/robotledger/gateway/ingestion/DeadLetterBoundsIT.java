package dev.robotledger.gateway.ingestion;

import static org.assertj.core.api.Assertions.assertThat;

import dev.robotledger.gateway.testing.Await;
import dev.robotledger.gateway.testing.InProcessGateway;
import dev.robotledger.gateway.testing.JournalAndBroker;
import dev.robotledger.gateway.testing.Publisher;
import dev.robotledger.gateway.testing.TestRobot;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Dead letters stay bounded however much a robot sends: a rate per robot, and a retention. */
class DeadLetterBoundsIT {

    @RegisterExtension
    static final JournalAndBroker INFRA = new JournalAndBroker();

    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    @Test
    void storesAtMostTheRatePerRobotAndOnlyCountsTheRest() {
        TestRobot robot = new TestRobot("flood-1");
        TestRobot impostor = new TestRobot("flood-1");
        String clientId = "gateway-" + UUID.randomUUID();
        try (InProcessGateway gateway = InProcessGateway.start(
                        INFRA.postgres(),
                        INFRA.broker().uri(),
                        clientId,
                        "gateway.journal.dead-letters-per-robot-per-minute=60");
                Publisher publisher = new Publisher(INFRA.broker().uri(), "robots-" + clientId)) {
            gateway.register(robot);
            int forged = 30;
            for (int i = 0; i < forged; i++) {
                publisher.publish(robot, impostor.event("forged-" + i));
            }
            publisher.publish(robot, robot.event("genuine"));

            Await.until(
                    "every forgery refused and the genuine event journaled",
                    TIMEOUT,
                    () -> gateway.counter("gateway.messages.rejected", "reason", "FORGED_SIGNATURE") == forged
                            && INFRA.db().count("SELECT count(*) FROM envelopes WHERE robot_id = 'flood-1'") == 1);
            Await.until(
                    "the refusals committed",
                    TIMEOUT,
                    () -> stored() + counted() == forged,
                    () -> stored() + " stored, " + counted() + " counted");
            // Ten seconds' worth at once, then one a second for as long as the burst lasts.
            assertThat(stored()).isBetween(10L, 20L);
            assertThat(INFRA.db()
                            .jdbc()
                            .queryForList(
                                    "SELECT DISTINCT reason FROM dead_letter_overflow WHERE sender = 'flood-1'",
                                    String.class))
                    .containsExactly("FORGED_SIGNATURE");
            assertThat(
                            INFRA.db()
                                    .count(
                                            "SELECT count(*) FROM dead_letter_overflow WHERE sender = 'flood-1' AND length(last_body_sha256) = 32"))
                    .isPositive();
            gateway.web()
                    .get()
                    .uri("/api/robots/flood-1")
                    .exchange()
                    .expectStatus()
                    .isOk()
                    .expectBody()
                    .jsonPath("$.rejected")
                    .isEqualTo(forged)
                    .jsonPath("$.rejectedByReason.FORGED_SIGNATURE")
                    .isEqualTo(forged);
        }
    }

    @Test
    void deletesDeadLettersAndCountsOlderThanTheRetention() {
        String clientId = "gateway-" + UUID.randomUUID();
        try (InProcessGateway gateway = InProcessGateway.start(
                INFRA.postgres(),
                INFRA.broker().uri(),
                clientId,
                "gateway.journal.dead-letter-retention=30d",
                "gateway.journal.dead-letter-purge-interval=200ms")) {
            Instant now = Instant.now();
            insertDeadLetter("retention-old", now.minus(Duration.ofDays(31)));
            insertDeadLetter("retention-recent", now.minus(Duration.ofDays(29)));
            INFRA.db()
                    .jdbc()
                    .update(
                            """
                    INSERT INTO dead_letter_overflow (sender, minute, reason, refused, last_body_sha256, last_received_at)
                    VALUES ('retention-old', ?, 'MALFORMED', 5, ?, ?)""",
                            Timestamp.from(now.minus(Duration.ofDays(31))),
                            new byte[32],
                            Timestamp.from(now.minus(Duration.ofDays(31))));

            Await.until(
                    "the old dead letter and count deleted",
                    TIMEOUT,
                    () -> INFRA.db().count("SELECT count(*) FROM dead_letters WHERE robot_id = 'retention-old'") == 0
                            && INFRA.db()
                                            .count(
                                                    "SELECT count(*) FROM dead_letter_overflow WHERE sender = 'retention-old'")
                                    == 0);
            assertThat(INFRA.db().count("SELECT count(*) FROM dead_letters WHERE robot_id = 'retention-recent'"))
                    .isOne();
        }
    }

    private static long stored() {
        return INFRA.db().count("SELECT count(*) FROM dead_letters WHERE robot_id = 'flood-1'");
    }

    private static long counted() {
        return INFRA.db().count("SELECT coalesce(sum(refused), 0) FROM dead_letter_overflow WHERE sender = 'flood-1'");
    }

    private static void insertDeadLetter(String robotId, Instant receivedAt) {
        INFRA.db()
                .jdbc()
                .update(
                        """
                INSERT INTO dead_letters (reason, detail, topic, robot_id, seq, body_prefix, body_size, body_sha256,
                                          received_at)
                VALUES ('MALFORMED', 'test', ?, ?, NULL, ?, 1, ?, ?)""",
                        "factory/p/l/" + robotId + "/event",
                        robotId,
                        new byte[] {'x'},
                        robotId.getBytes(),
                        Timestamp.from(receivedAt));
    }
}
