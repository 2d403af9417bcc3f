package dev.robotledger.gateway.web;

import dev.robotledger.gateway.testing.Await;
import dev.robotledger.gateway.testing.InProcessGateway;
import dev.robotledger.gateway.testing.JournalAndBroker;
import dev.robotledger.gateway.testing.Publisher;
import dev.robotledger.gateway.testing.TestRobot;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@code GET /api/robots} and {@code /api/robots/{id}}: each robot's traffic, from the PostgreSQL journal. */
class RobotActivityIT {

    @RegisterExtension
    static final JournalAndBroker INFRA = new JournalAndBroker();

    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    @Test
    void reportsEachRobotsLastSequenceAcceptedReadingsAndRejectionsByReason() {
        TestRobot busy = new TestRobot("press-1");
        TestRobot idle = new TestRobot("press-2");
        try (InProcessGateway gateway =
                        InProcessGateway.start(INFRA.postgres(), INFRA.broker().uri(), "gateway-activity");
                Publisher publisher = new Publisher(INFRA.broker().uri(), "robots-activity")) {
            gateway.register(busy);
            gateway.register(idle);
            for (int i = 0; i < 3; i++) {
                publisher.publish(busy, busy.window(10));
            }
            publisher.publish(busy, busy.event("part-1"));
            TestRobot forger = new TestRobot("press-1");
            forger.skip(10);
            publisher.publish(forger, forger.window(5));
            publisher.publish(forger, forger.window(5));
            publisher.publish("factory/plant-1/line-a/press-1/telemetry", "not json".getBytes(StandardCharsets.UTF_8));
            Await.until(
                    "4 envelopes and 3 dead letters journaled",
                    TIMEOUT,
                    () -> INFRA.db().countOrZero("SELECT count(*) FROM envelopes") == 4
                            && INFRA.db().countOrZero("SELECT count(*) FROM dead_letters") == 3);
            gateway.web()
                    .post()
                    .uri("/api/robots/press-1/revoke")
                    .exchange()
                    .expectStatus()
                    .isOk();
            publisher.publish(busy, busy.window(10));
            Await.until(
                    "the revoked robot's window dead-lettered",
                    TIMEOUT,
                    () -> INFRA.db().count("SELECT count(*) FROM dead_letters WHERE reason = 'REVOKED_ROBOT'") == 1);

            gateway.web()
                    .get()
                    .uri("/api/robots/press-1")
                    .exchange()
                    .expectStatus()
                    .isOk()
                    .expectBody()
                    .jsonPath("$.robotId")
                    .isEqualTo("press-1")
                    .jsonPath("$.status")
                    .isEqualTo("REVOKED")
                    .jsonPath("$.lastSeq")
                    .isEqualTo(4)
                    .jsonPath("$.lastSeen")
                    .isNotEmpty()
                    .jsonPath("$.envelopesAccepted")
                    .isEqualTo(4)
                    .jsonPath("$.readingsAccepted")
                    .isEqualTo(30)
                    // The unparseable message names no robot in its envelope: not counted against one.
                    .jsonPath("$.rejected")
                    .isEqualTo(3)
                    .jsonPath("$.rejectedByReason.FORGED_SIGNATURE")
                    .isEqualTo(2)
                    .jsonPath("$.rejectedByReason.REVOKED_ROBOT")
                    .isEqualTo(1)
                    .jsonPath("$.lastRejectedAt")
                    .isNotEmpty();
            gateway.web()
                    .get()
                    .uri("/api/robots")
                    .exchange()
                    .expectStatus()
                    .isOk()
                    .expectBody()
                    .jsonPath("$.length()")
                    .isEqualTo(2)
                    .jsonPath("$[0].robotId")
                    .isEqualTo("press-1")
                    .jsonPath("$[0].readingsAccepted")
                    .isEqualTo(30)
                    .jsonPath("$[1].robotId")
                    .isEqualTo("press-2")
                    .jsonPath("$[1].status")
                    .isEqualTo("ACTIVE")
                    .jsonPath("$[1].lastSeq")
                    .doesNotExist()
                    .jsonPath("$[1].envelopesAccepted")
                    .isEqualTo(0)
                    .jsonPath("$[1].rejected")
                    .isEqualTo(0);
            gateway.web()
                    .get()
                    .uri("/api/robots/press-9")
                    .exchange()
                    .expectStatus()
                    .isNotFound()
                    .expectBody()
                    .jsonPath("$.detail")
                    .isEqualTo("robot press-9 is not registered");
        }
    }
}
