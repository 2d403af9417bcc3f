package dev.robotledger.agent;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.robotledger.agent.testing.Await;
import dev.robotledger.agent.testing.MosquittoBroker;
import dev.robotledger.agent.testing.TestSubscriber;
import dev.robotledger.wire.message.Envelope;
import dev.robotledger.wire.message.MessageType;
import dev.robotledger.wire.message.Reading;
import dev.robotledger.wire.message.WindowReference;
import dev.robotledger.wire.topic.Topic;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A production's window holds the readings recorded before the call, however far the agent's
 * thread lags behind its caller: the simulator records on while the agent signs, and a window cut
 * late once held readings of the next production step (and the gateway's batches, cut by reading
 * count, then left the last productions of a test waiting for an anchor that never came).
 */
class WindowCutIT {

    @TempDir
    Path state;

    @Test
    void aProductionCutsItsWindowWhenCalledWhileTheAgentsThreadIsStillBehind() throws Exception {
        HeldClock clock = new HeldClock();
        try (MosquittoBroker broker = MosquittoBroker.start();
                TestSubscriber subscriber = TestSubscriber.subscribe(broker.uri(), "it-cut", Topic.ALL_ROBOTS_FILTER)) {
            AgentSettings settings = AgentSettings.defaults(broker.uri()).withWindow(1_000, Duration.ofMinutes(5));
            try (RobotAgent agent =
                    RobotAgent.start(state.resolve("lathe"), "lathe", "s1", "l1", settings, clock, entry -> {})) {
                record(agent, 10);
                clock.holdTheAgentsNextReading();
                agent.publishEvent(MessageType.QUALITY_CHECK, payload("earlier-part"));
                assertThat(clock.held.await(10, TimeUnit.SECONDS))
                        .as("the agent's thread is held")
                        .isTrue();

                CompletableFuture<Envelope> made =
                        agent.publishEvent(MessageType.COMPONENT_PRODUCED, payload("part-1"));
                record(agent, 5);
                clock.release();
                Envelope production = made.get(10, TimeUnit.SECONDS);
                agent.flush().get(10, TimeUnit.SECONDS);
                Await.until(
                        Duration.ofSeconds(20),
                        "every envelope at the subscriber",
                        () -> received(subscriber).size() == agent.nextEnvelopeSeq() - 1);

                List<Envelope> received = received(subscriber);
                assertThat(received)
                        .extracting(Envelope::type)
                        .containsExactly(
                                MessageType.QUALITY_CHECK,
                                MessageType.TELEMETRY_WINDOW,
                                MessageType.COMPONENT_PRODUCED,
                                MessageType.TELEMETRY_WINDOW);
                Envelope named = received.get(1);
                assertThat(WindowReference.of(production.payload())).contains(new WindowReference(named.seq()));
                assertThat(readingSeqs(named))
                        .as("the readings recorded before the production")
                        .containsExactlyElementsOf(
                                LongStream.rangeClosed(1, 10).boxed().toList());
                assertThat(readingSeqs(received.get(3)))
                        .as("those after it, in the next window")
                        .containsExactlyElementsOf(
                                LongStream.rangeClosed(11, 15).boxed().toList());
            }
        }
    }

    private static void record(RobotAgent agent, int count) throws Exception {
        for (int i = 0; i < count; i++) {
            agent.recordReading(System.currentTimeMillis(), Map.of("spindle.rpm", 1200.0 + i), 0.1, 700);
        }
    }

    private static ObjectNode payload(String goodId) {
        return JsonNodeFactory.instance.objectNode().put("goodId", goodId).put("kind", "shaft");
    }

    private static List<Long> readingSeqs(Envelope window) {
        return window.telemetryWindow().readings().stream()
                .map(Reading::readingSeq)
                .toList();
    }

    private static List<Envelope> received(TestSubscriber subscriber) {
        return subscriber.received().stream()
                .map(message -> Envelope.parse(message.payload(), Envelope.DEFAULT_MAX_BYTES))
                .distinct()
                .toList();
    }

    /**
     * The system clock, except that once held, the agent's thread waits in its next reading of the
     * time (when it signs, outside the sealer's lock) until released: the agent falls behind.
     */
    private static final class HeldClock extends Clock {

        final CountDownLatch held = new CountDownLatch(1);
        private final CountDownLatch released = new CountDownLatch(1);
        private volatile boolean holding;

        void holdTheAgentsNextReading() {
            holding = true;
        }

        void release() {
            released.countDown();
        }

        @Override
        public long millis() {
            if (holding && Thread.currentThread().getName().startsWith("agent-")) {
                holding = false;
                held.countDown();
                try {
                    released.await(30, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            return System.currentTimeMillis();
        }

        @Override
        public Instant instant() {
            return Instant.ofEpochMilli(millis());
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }
    }
}
