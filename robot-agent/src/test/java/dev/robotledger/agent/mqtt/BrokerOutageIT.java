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
import java.time.Duration;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BrokerOutageIT {

    @TempDir
    Path state;

    @Test
    void backlogBuiltWhileTheBrokerIsDownIsDeliveredInOrderAfterItReturns() throws Exception {
        try (MosquittoBroker broker = MosquittoBroker.start();
             TestSubscriber subscriber = TestSubscriber.subscribe(broker.uri(), "it-outage", Topic.ALL_ROBOTS_FILTER)) {
            AgentSettings settings = AgentSettings.defaults(broker.uri()).withWindow(25, Duration.ofMillis(100));
            try (RobotAgent agent = RobotAgent.start(state, "r-out", "s1", "l1", settings)) {
                Robots.recordReadings(agent, 100);
                agent.flush().join();
                Await.until(Duration.ofSeconds(20), "first readings delivered", () -> agent.backlog() == 0);

                broker.stop();
                Await.until(Duration.ofSeconds(20), "agent notices the outage", () -> !agent.isConnected());
                Robots.recordReadings(agent, 500);
                agent.publishEvent(MessageType.QUALITY_CHECK, Robots.componentPayload("c-during-outage")).join();
                Robots.recordReadings(agent, 100);
                agent.flush().join();
                long backlogDuringOutage = agent.backlog();
                assertThat(backlogDuringOutage).isGreaterThanOrEqualTo(25);

                broker.restart();
                Await.until(Duration.ofSeconds(30), () -> "backlog drained, still " + agent.backlog(),
                        () -> agent.backlog() == 0);
                long last = agent.nextEnvelopeSeq() - 1;
                Await.until(Duration.ofSeconds(30), "subscriber has every envelope",
                        () -> DeliveryLog.of(subscriber.received()).hasAllUpTo("r-out", last));

                DeliveryLog log = DeliveryLog.of(subscriber.received());
                log.assertCompleteInOrderAndSigned("r-out", last, agent.identity().publicKey());
                assertThat(log.readings("r-out")).extracting(Reading::readingSeq)
                        .containsExactlyElementsOf(LongStream.rangeClosed(1, 700).boxed().toList());
                assertThat(log.events("r-out")).isEqualTo(1);
            }
        }
    }
}
