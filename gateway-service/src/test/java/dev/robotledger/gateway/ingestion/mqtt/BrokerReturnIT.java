package dev.robotledger.gateway.ingestion.mqtt;

import static org.assertj.core.api.Assertions.assertThat;

import dev.robotledger.agent.testing.MosquittoBroker;
import dev.robotledger.gateway.testing.Await;
import dev.robotledger.gateway.testing.InProcessGateway;
import dev.robotledger.gateway.testing.JournalDatabase;
import dev.robotledger.gateway.testing.PostgresServer;
import dev.robotledger.gateway.testing.Publisher;
import dev.robotledger.gateway.testing.TestRobot;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The gateway notices a broker that is back within its reconnect interval, however long the broker
 * was away. Paho 1.2.5's automatic reconnect ignores the delays it is given and doubles its wait
 * towards 128 s: after a broker outage of 17 s it tried again only 14 s after the broker was back,
 * and once in CI the gateway stayed away 99 s after a one-second broker restart.
 */
class BrokerReturnIT {

    private static final Duration OUTAGE = Duration.ofSeconds(17);
    // The gateway retries at least every 5 s; the rest is slack for a busy machine.
    private static final Duration BACK_WITHIN = Duration.ofSeconds(10);

    @Test
    void afterALongBrokerOutageTheGatewayJournalsAgainWithinItsReconnectInterval() throws Exception {
        String run = UUID.randomUUID().toString().substring(0, 8);
        TestRobot robot = new TestRobot("return-" + run);
        try (PostgresServer postgres = PostgresServer.start();
                MosquittoBroker broker = MosquittoBroker.start();
                InProcessGateway gateway = InProcessGateway.start(
                        postgres, broker.uri(), "broker-return-" + run, "gateway.mqtt.shared-group=")) {
            JournalDatabase db = new JournalDatabase(postgres);
            gateway.register(robot);
            try (Publisher publisher = new Publisher(broker.uri(), "before-" + run)) {
                publisher.publish(robot, robot.window(5));
            }
            Await.until(
                    "the first window journaled",
                    Duration.ofSeconds(30),
                    () -> db.count("SELECT count(*) FROM envelopes") == 1);

            broker.stop();
            Thread.sleep(OUTAGE.toMillis());
            broker.restart();
            long back = System.nanoTime();
            try (Publisher publisher = new Publisher(broker.uri(), "after-" + run)) {
                publisher.publish(robot, robot.window(5));
            }
            Await.until(
                    "the window published after the outage journaled",
                    Duration.ofSeconds(90),
                    () -> db.count("SELECT count(*) FROM envelopes") == 2);
            Duration journaledAfter = Duration.ofNanos(System.nanoTime() - back);

            assertThat(journaledAfter).as("journaled after the broker was back").isLessThan(BACK_WITHIN);
        }
    }
}
