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
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BrokerOutageIT {

    @TempDir
    Path state;

    @Test
    void brokerStoppedMidStreamLosesNothingAndTheBacklogArrivesInOrder() throws Exception {
        try (MosquittoBroker broker = MosquittoBroker.start();
                TestSubscriber subscriber =
                        TestSubscriber.subscribe(broker.uri(), "it-outage", Topic.ALL_ROBOTS_FILTER)) {
            AgentSettings settings = AgentSettings.defaults(broker.uri()).withWindow(10, Duration.ofMillis(50));
            try (RobotAgent agent = RobotAgent.start(state, "r-out", "s1", "l1", settings)) {
                AtomicBoolean producing = new AtomicBoolean(true);
                AtomicLong recorded = new AtomicLong();
                Thread producer = new Thread(() -> produce(agent, producing, recorded));
                producer.start();

                Await.until(Duration.ofSeconds(20), "readings flowing", () -> agent.delivered() >= 20);
                broker.stop();
                Await.until(Duration.ofSeconds(20), "agent notices the outage", () -> !agent.isConnected());
                long recordedAtOutage = recorded.get();
                Await.until(
                        Duration.ofSeconds(20),
                        "readings recorded during the outage",
                        () -> recorded.get() >= recordedAtOutage + 500);
                Await.until(Duration.ofSeconds(20), "backlog builds up", () -> agent.backlog() >= 40);
                agent.publishEvent(MessageType.QUALITY_CHECK, Robots.componentPayload("c-during-outage"))
                        .join();

                broker.restart();
                long backlogAtRestart = agent.backlog();
                Await.until(
                        Duration.ofSeconds(20),
                        () -> "backlog of " + backlogAtRestart + " shrinking: connected " + agent.isConnected()
                                + ", backlog " + agent.backlog() + ", delivered " + agent.delivered(),
                        () -> agent.isConnected() && agent.backlog() < 10);
                producing.set(false);
                producer.join();
                agent.flush().join();
                Await.until(
                        Duration.ofSeconds(30),
                        () -> "backlog drained, still " + agent.backlog(),
                        () -> agent.backlog() == 0);
                long last = agent.nextEnvelopeSeq() - 1;
                Await.until(
                        Duration.ofSeconds(30),
                        "subscriber has every envelope",
                        () -> DeliveryLog.of(subscriber.received()).hasAllUpTo("r-out", last));

                DeliveryLog log = DeliveryLog.of(subscriber.received());
                log.assertCompleteInOrderAndSigned(
                        "r-out", last, agent.identity().publicKey());
                assertThat(log.readings("r-out"))
                        .extracting(Reading::readingSeq)
                        .containsExactlyElementsOf(LongStream.rangeClosed(1, recorded.get())
                                .boxed()
                                .toList());
                assertThat(log.events("r-out")).isEqualTo(1);
            }
        }
    }

    @Test
    void agentStartedWhileTheBrokerIsDownDeliversEverythingOnceItComesUp() throws Exception {
        try (MosquittoBroker broker = MosquittoBroker.start();
                TestSubscriber subscriber =
                        TestSubscriber.subscribe(broker.uri(), "it-cold", Topic.ALL_ROBOTS_FILTER)) {
            broker.stop();
            AgentSettings settings = AgentSettings.defaults(broker.uri()).withWindow(20, Duration.ofMillis(100));
            try (RobotAgent agent = RobotAgent.start(state, "r-cold", "s1", "l1", settings)) {
                Robots.recordReadings(agent, 100);
                agent.publishEvent(MessageType.COMPONENT_PRODUCED, Robots.componentPayload("c-cold"))
                        .join();
                agent.flush().join();
                assertThat(agent.isConnected()).isFalse();
                assertThat(agent.backlog()).isEqualTo(6);

                broker.restart();
                Await.until(
                        Duration.ofSeconds(30),
                        () -> "backlog drained, still " + agent.backlog(),
                        () -> agent.backlog() == 0);
                Await.until(
                        Duration.ofSeconds(30),
                        "subscriber has every envelope",
                        () -> DeliveryLog.of(subscriber.received()).hasAllUpTo("r-cold", 6));
                DeliveryLog.of(subscriber.received())
                        .assertCompleteInOrderAndSigned(
                                "r-cold", 6, agent.identity().publicKey());
            }
        }
    }

    // A steady stream of up to 2,000 readings per second, like a busy robot.
    private static void produce(RobotAgent agent, AtomicBoolean producing, AtomicLong recorded) {
        try {
            while (producing.get()) {
                Robots.recordReadings(agent, 10);
                recorded.addAndGet(10);
                Thread.sleep(5);
            }
        } catch (IOException | InterruptedException e) {
            throw new IllegalStateException("the producer stopped", e);
        }
    }
}
