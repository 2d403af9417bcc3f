package dev.robotledger.agent.mqtt;

import static org.assertj.core.api.Assertions.assertThat;

import dev.robotledger.agent.AgentSettings;
import dev.robotledger.agent.RobotAgent;
import dev.robotledger.agent.testing.Await;
import dev.robotledger.agent.testing.MosquittoBroker;
import dev.robotledger.agent.testing.TestSubscriber;
import dev.robotledger.wire.message.MessageType;
import dev.robotledger.wire.message.Reading;
import dev.robotledger.wire.topic.Topic;
import java.nio.file.Path;
import java.security.PublicKey;
import java.time.Duration;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AgentRestartIT {

    @TempDir
    Path state;

    @Test
    void restartedAgentReusesItsKeyContinuesItsSequenceAndDrainsItsOutbox() throws Exception {
        try (MosquittoBroker broker = MosquittoBroker.start();
                TestSubscriber subscriber =
                        TestSubscriber.subscribe(broker.uri(), "it-restart", Topic.ALL_ROBOTS_FILTER)) {
            AgentSettings settings = AgentSettings.defaults(broker.uri()).withWindow(50, Duration.ofMillis(100));
            PublicKey firstKey;
            long lastSeqBeforeRestart;
            try (RobotAgent agent = RobotAgent.start(state, "r-re", "s1", "l1", settings)) {
                firstKey = agent.identity().publicKey();
                Robots.recordReadings(agent, 200);
                agent.flush().join();
                Await.until(Duration.ofSeconds(20), "delivered before the outage", () -> agent.backlog() == 0);
                broker.stop();
                Robots.recordReadings(agent, 150);
                agent.publishEvent(MessageType.ASSEMBLED, Robots.componentPayload("c-before-restart"))
                        .join();
                agent.flush().join();
                assertThat(agent.backlog()).isPositive();
                lastSeqBeforeRestart = agent.nextEnvelopeSeq() - 1;
            }

            broker.restart();
            try (RobotAgent agent = RobotAgent.start(state, "r-re", "s1", "l1", settings)) {
                assertThat(agent.identity().publicKey()).isEqualTo(firstKey);
                assertThat(agent.nextEnvelopeSeq()).isEqualTo(lastSeqBeforeRestart + 1);
                Robots.recordReadings(agent, 50);
                agent.flush().join();
                Await.until(
                        Duration.ofSeconds(30),
                        () -> "outbox drained, still " + agent.backlog(),
                        () -> agent.backlog() == 0);
                long last = agent.nextEnvelopeSeq() - 1;
                Await.until(
                        Duration.ofSeconds(30),
                        "subscriber has every envelope",
                        () -> DeliveryLog.of(subscriber.received()).hasAllUpTo("r-re", last));

                DeliveryLog log = DeliveryLog.of(subscriber.received());
                log.assertCompleteInOrderAndSigned("r-re", last, firstKey);
                assertThat(log.readings("r-re"))
                        .extracting(Reading::readingSeq)
                        .containsExactlyElementsOf(
                                LongStream.rangeClosed(1, 400).boxed().toList());
            }
        }
    }
}
