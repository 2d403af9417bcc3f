package dev.robotledger.agent.mqtt;

import static org.assertj.core.api.Assertions.assertThat;

import dev.robotledger.agent.AgentSettings;
import dev.robotledger.agent.RobotAgent;
import dev.robotledger.agent.outbox.OutboxEntry;
import dev.robotledger.agent.testing.Await;
import dev.robotledger.agent.testing.MosquittoBroker;
import dev.robotledger.agent.testing.TestSubscriber;
import dev.robotledger.wire.message.MessageType;
import dev.robotledger.wire.message.Reading;
import dev.robotledger.wire.topic.Topic;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PublishingIT {

    private static final int ROBOTS = 5;
    private static final int READINGS = 400;

    @TempDir
    Path state;

    @Test
    void everyEnvelopeOfEveryRobotArrivesOnceAfterDeduplicationSignedAndInOrder() throws Exception {
        try (MosquittoBroker broker = MosquittoBroker.start();
                TestSubscriber subscriber =
                        TestSubscriber.subscribe(broker.uri(), "it-subscriber", Topic.ALL_ROBOTS_FILTER)) {
            AgentSettings settings = AgentSettings.defaults(broker.uri()).withWindow(40, Duration.ofMillis(100));
            List<RobotAgent> agents = new ArrayList<>();
            for (int r = 0; r < ROBOTS; r++) {
                agents.add(RobotAgent.start(state.resolve("r" + r), "r" + r, "s1", "l1", settings));
            }
            for (int batch = 0; batch < READINGS / 100; batch++) {
                for (RobotAgent agent : agents) {
                    Robots.recordReadings(agent, 100);
                    agent.publishEvent(
                                    MessageType.COMPONENT_PRODUCED,
                                    Robots.componentPayload(agent.identity().robotId() + "-c" + batch))
                            .join();
                }
            }
            for (RobotAgent agent : agents) {
                agent.flush().join();
                Await.until(
                        Duration.ofSeconds(30),
                        () -> agent.identity().robotId() + " backlog " + agent.backlog(),
                        () -> agent.backlog() == 0);
            }
            Await.until(Duration.ofSeconds(30), "the subscriber has every envelope", () -> {
                DeliveryLog log = DeliveryLog.of(subscriber.received());
                return agents.stream().allMatch(a -> log.hasAllUpTo(a.identity().robotId(), a.nextEnvelopeSeq() - 1));
            });

            DeliveryLog log = DeliveryLog.of(subscriber.received());
            for (RobotAgent agent : agents) {
                String robotId = agent.identity().robotId();
                log.assertCompleteInOrderAndSigned(
                        robotId, agent.nextEnvelopeSeq() - 1, agent.identity().publicKey());
                assertThat(log.readings(robotId))
                        .extracting(Reading::readingSeq)
                        .containsExactlyElementsOf(
                                LongStream.rangeClosed(1, READINGS).boxed().toList());
                assertThat(log.events(robotId)).isEqualTo(READINGS / 100);
                agent.close();
            }
        }
    }

    @Test
    void reportsEveryMessageTheBrokerAcknowledgedWithItsTopicAndExactBytes() throws Exception {
        try (MosquittoBroker broker = MosquittoBroker.start();
                TestSubscriber subscriber =
                        TestSubscriber.subscribe(broker.uri(), "it-acks", Topic.ALL_ROBOTS_FILTER)) {
            AgentSettings settings = AgentSettings.defaults(broker.uri()).withWindow(25, Duration.ofSeconds(30));
            Set<String> acknowledged = ConcurrentHashMap.newKeySet();
            try (RobotAgent agent = RobotAgent.start(
                    state.resolve("acked"),
                    "r-acked",
                    "s1",
                    "l1",
                    settings,
                    (OutboxEntry entry) -> acknowledged.add(
                            entry.topic() + " " + HexFormat.of().formatHex(entry.payload())))) {
                Robots.recordReadings(agent, 200);
                agent.publishEvent(MessageType.QUALITY_CHECK, Robots.componentPayload("c-acked"))
                        .join();
                agent.flush().join();
                Await.until(Duration.ofSeconds(30), () -> "backlog " + agent.backlog(), () -> agent.backlog() == 0);
                long sent = agent.nextEnvelopeSeq() - 1;

                assertThat(sent).isEqualTo(9);
                assertThat(acknowledged).hasSize((int) sent);
                Await.until(
                        Duration.ofSeconds(30),
                        "the subscriber has every envelope",
                        () -> DeliveryLog.of(subscriber.received()).hasAllUpTo("r-acked", sent));
                assertThat(subscriber.received())
                        .extracting(received ->
                                received.topic() + " " + HexFormat.of().formatHex(received.payload()))
                        .containsExactlyInAnyOrderElementsOf(acknowledged);
            }
        }
    }
}
