package dev.robotledger.agent.mqtt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.robotledger.agent.AgentSettings;
import dev.robotledger.agent.RobotAgent;
import dev.robotledger.agent.testing.Await;
import dev.robotledger.agent.testing.MosquittoBroker;
import dev.robotledger.agent.testing.TestSubscriber;
import dev.robotledger.wire.message.Envelope;
import dev.robotledger.wire.message.MessageType;
import dev.robotledger.wire.message.WindowReference;
import dev.robotledger.wire.topic.Topic;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A production seals the open telemetry window first and names it, at the window's signing time. */
class ProductionWindowIT {

    @TempDir
    Path state;

    @Test
    void aProductionSealsTheOpenWindowFirstAndNamesItUnderTheWindowsTime() throws Exception {
        try (MosquittoBroker broker = MosquittoBroker.start();
                TestSubscriber subscriber =
                        TestSubscriber.subscribe(broker.uri(), "it-window", Topic.ALL_ROBOTS_FILTER)) {
            // Windows seal only when full or when a production asks: never on their own during the test.
            AgentSettings settings = AgentSettings.defaults(broker.uri()).withWindow(1_000, Duration.ofMinutes(5));
            try (RobotAgent agent = RobotAgent.start(state.resolve("press"), "press", "s1", "l1", settings)) {
                Envelope before = agent.publishEvent(
                                MessageType.COMPONENT_PRODUCED, Robots.componentPayload("made-before-any-reading"))
                        .join();
                Robots.recordReadings(agent, 10);
                Envelope part = agent.publishEvent(MessageType.COMPONENT_PRODUCED, Robots.componentPayload("p1"))
                        .join();
                Envelope assembly = agent.publishEvent(MessageType.ASSEMBLED, Robots.componentPayload("a1"))
                        .join();
                Envelope check = agent.publishEvent(MessageType.QUALITY_CHECK, Robots.componentPayload("a1"))
                        .join();
                Await.until(
                        Duration.ofSeconds(20),
                        "every envelope at the subscriber",
                        () -> received(subscriber).size() == 5);

                List<Envelope> received = received(subscriber);
                assertThat(received)
                        .extracting(Envelope::type)
                        .containsExactly(
                                MessageType.COMPONENT_PRODUCED,
                                MessageType.TELEMETRY_WINDOW,
                                MessageType.COMPONENT_PRODUCED,
                                MessageType.ASSEMBLED,
                                MessageType.QUALITY_CHECK);
                Envelope window = received.get(1);
                assertThat(window.telemetryWindow().readings()).hasSize(10);
                assertThat(WindowReference.of(before.payload()))
                        .as("no window sealed yet: none named")
                        .isEmpty();
                assertThat(WindowReference.of(part.payload())).contains(new WindowReference(window.seq()));
                assertThat(part.seq()).isEqualTo(window.seq() + 1);
                assertThat(part.timestamp())
                        .as("the production takes its window's time")
                        .isEqualTo(window.timestamp());
                assertThat(WindowReference.of(assembly.payload()))
                        .as("no reading since: the same window")
                        .contains(new WindowReference(window.seq()));
                assertThat(assembly.timestamp()).isEqualTo(window.timestamp());
                assertThat(check.payload().has(WindowReference.FIELD))
                        .as("a check is not a production")
                        .isFalse();
                assertThat(check.timestamp()).isGreaterThanOrEqualTo(window.timestamp());
                assertThat(received.get(2)).isEqualTo(part);
                assertThat(received.get(2).verify(agent.identity().publicKey())).isTrue();

                assertThatThrownBy(() -> agent.publishEvent(
                                MessageType.COMPONENT_PRODUCED,
                                new WindowReference(1).addTo(Robots.componentPayload("p2"))))
                        .isInstanceOf(IllegalArgumentException.class)
                        .hasMessageContaining(WindowReference.FIELD);
            }
        }
    }

    /**
     * Full windows are sealed on the caller's thread and productions seal on the agent's: envelope
     * numbers must still follow reading numbers (a production once signed its window before a full
     * window sealed earlier, found by AgentCrashIT).
     */
    @Test
    void windowsAreSignedInTheOrderTheirReadingsWereTakenWhileProductionsSealOnTheAgentsThread() throws Exception {
        try (MosquittoBroker broker = MosquittoBroker.start();
                TestSubscriber subscriber =
                        TestSubscriber.subscribe(broker.uri(), "it-order", Topic.ALL_ROBOTS_FILTER)) {
            AgentSettings settings = AgentSettings.defaults(broker.uri()).withWindow(7, Duration.ofMillis(5));
            try (RobotAgent agent = RobotAgent.start(state.resolve("busy"), "busy", "s1", "l1", settings)) {
                for (int i = 0; i < 300; i++) {
                    Robots.recordReadings(agent, 10);
                    agent.publishEvent(MessageType.COMPONENT_PRODUCED, Robots.componentPayload("c" + i));
                }
                agent.flush().join();
                Await.until(
                        Duration.ofSeconds(60),
                        "every envelope at the subscriber",
                        () -> received(subscriber).size() == agent.nextEnvelopeSeq() - 1);

                DeliveryLog log = DeliveryLog.of(subscriber.received());
                assertThat(log.readings("busy"))
                        .extracting(dev.robotledger.wire.message.Reading::readingSeq)
                        .as("readings in envelope order")
                        .containsExactlyElementsOf(java.util.stream.LongStream.rangeClosed(1, 3_000)
                                .boxed()
                                .toList());
                for (Envelope production : received(subscriber)) {
                    WindowReference.of(production.payload())
                            .ifPresent(named -> assertThat(named.seq())
                                    .as("a production names a window before it")
                                    .isLessThan(production.seq()));
                }
            }
        }
    }

    private static List<Envelope> received(TestSubscriber subscriber) {
        return subscriber.received().stream()
                .map(message -> Envelope.parse(message.payload(), Envelope.DEFAULT_MAX_BYTES))
                .distinct()
                .toList();
    }
}
