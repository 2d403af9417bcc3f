package dev.robotledger.gateway.ingestion;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.robotledger.gateway.testing.Await;
import dev.robotledger.gateway.testing.InProcessGateway;
import dev.robotledger.gateway.testing.JournalAndBroker;
import dev.robotledger.gateway.testing.Publisher;
import dev.robotledger.gateway.testing.TestRobot;
import dev.robotledger.wire.message.Envelope;
import dev.robotledger.wire.message.MessageType;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * One message far larger than anything the gateway journals once stopped all ingestion: Paho's
 * receiver thread died of an OutOfMemoryError and the broker redelivered the message after every
 * restart. The gateway now declares a Maximum Packet Size, so the broker never sends it such a
 * message; this broker has no size limit of its own, so the test shows the gateway's side alone.
 */
class OversizedMessageIT {

    @RegisterExtension
    static final JournalAndBroker INFRA = new JournalAndBroker();

    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final int MAX_PAYLOAD_BYTES = 262_144;

    private static Envelope event(TestRobot robot, long seq) {
        return Envelope.sign(
                robot.robotId(),
                seq,
                Instant.now().toEpochMilli(),
                MessageType.QUALITY_CHECK,
                JsonNodeFactory.instance.objectNode().put("passed", true),
                robot.keys().getPrivate());
    }

    private static long journaled(TestRobot robot) {
        return INFRA.db().count("SELECT count(*) FROM envelopes WHERE robot_id = ?", robot.robotId());
    }

    private static long deadLetters(String reason, TestRobot robot) {
        return INFRA.db()
                .count(
                        "SELECT count(*) FROM dead_letters WHERE reason = ? AND topic LIKE ?",
                        reason,
                        "%/" + robot.robotId() + "/%");
    }

    @Test
    void aMessageOverThePacketLimitNeverReachesTheGatewayNorComesBackAfterARestart() {
        TestRobot robot = new TestRobot("big-" + UUID.randomUUID().toString().substring(0, 8));
        String clientId = "gateway-" + UUID.randomUUID();
        String topic = robot.topicFor(event(robot, 1));
        byte[] huge = new byte[16 * 1024 * 1024];
        Arrays.fill(huge, (byte) '{');
        byte[] justOverPayloadLimit = new byte[MAX_PAYLOAD_BYTES + 1];
        Arrays.fill(justOverPayloadLimit, (byte) ' ');

        try (Publisher publisher = new Publisher(INFRA.broker().uri(), "robots-" + clientId)) {
            try (InProcessGateway gateway =
                    InProcessGateway.start(INFRA.postgres(), INFRA.broker().uri(), clientId)) {
                gateway.register(robot);
                publisher.publish(topic, huge);
                publisher.publish(topic, justOverPayloadLimit);
                publisher.publish(robot, event(robot, 1));

                Await.until("the valid event after the oversized ones journaled", TIMEOUT, () -> journaled(robot) == 1);
                // Within the packet limit, the gateway reads the message and dead-letters it with its reason.
                Await.until(
                        "the message just over the payload limit dead-lettered",
                        TIMEOUT,
                        () -> deadLetters("OVERSIZED", robot) == 1);
                gateway.anonymousWeb()
                        .get()
                        .uri("/actuator/health")
                        .exchange()
                        .expectStatus()
                        .isOk();
            }
            // The same session again: the broker kept nothing of the 16 MB message for it.
            try (InProcessGateway gateway =
                    InProcessGateway.start(INFRA.postgres(), INFRA.broker().uri(), clientId)) {
                publisher.publish(robot, event(robot, 2));
                Await.until("the event after the restart journaled", TIMEOUT, () -> journaled(robot) == 2);
                gateway.anonymousWeb()
                        .get()
                        .uri("/actuator/health")
                        .exchange()
                        .expectStatus()
                        .isOk();
            }
        }
        assertThat(deadLetters("OVERSIZED", robot)).isEqualTo(1);
        assertThat(INFRA.db()
                        .count("SELECT count(*) FROM dead_letters WHERE topic LIKE ?", "%/" + robot.robotId() + "/%"))
                .isEqualTo(1);
    }
}
