package dev.robotledger.gateway.ingestion.mqtt;

import static org.assertj.core.api.Assertions.assertThat;

import dev.robotledger.agent.testing.MosquittoBroker;
import dev.robotledger.gateway.testing.Await;
import dev.robotledger.gateway.testing.InProcessGateway;
import dev.robotledger.gateway.testing.JournalDatabase;
import dev.robotledger.gateway.testing.PostgresServer;
import dev.robotledger.gateway.testing.Publisher;
import dev.robotledger.gateway.testing.TestRobot;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The ingestion queue fills when the journal stalls and the broker, after each reconnect, sends
 * the unacknowledged messages again: past its bound the gateway refuses a delivery and reconnects
 * once the queue has drained, so the broker sends it yet again and nothing is lost.
 */
class FullQueueIT {

    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    private static final int RECEIVE_MAXIMUM = 5;
    private static final int WINDOWS = 40;

    @Test
    void aDeliveryTheFullQueueRefusedIsSentAgainAfterAReconnectAndJournaled() throws Exception {
        try (PostgresServer postgres = PostgresServer.start();
                MosquittoBroker broker = MosquittoBroker.start();
                // A plain subscription: Mosquitto 2.0.11 drops what is queued for a persisted shared
                // subscription across its restart.
                InProcessGateway gateway = InProcessGateway.start(
                        postgres,
                        broker.uri(),
                        "full-queue-" + UUID.randomUUID(),
                        "gateway.mqtt.shared-group=",
                        "gateway.mqtt.receive-maximum=" + RECEIVE_MAXIMUM)) {
            JournalDatabase db = new JournalDatabase(postgres);
            TestRobot robot = new TestRobot("full-1");
            gateway.register(robot);

            postgres.restart(() -> {
                // Closed before the broker restarts, which would disconnect it.
                try (Publisher publisher = new Publisher(broker.uri(), "robots-" + UUID.randomUUID())) {
                    for (int i = 0; i < WINDOWS; i++) {
                        publisher.publish(robot, robot.window(2));
                    }
                }
                // The journal writer holds its first batch while the database is away; every
                // reconnect brings the same unacknowledged messages into the queue once more.
                for (int restart = 0; restart < 8 && refused(gateway) == 0; restart++) {
                    double received = gateway.counter("gateway.messages.received");
                    restartBroker(broker);
                    Await.until(
                            "the gateway received again after broker restart " + restart,
                            TIMEOUT,
                            () -> gateway.counter("gateway.messages.received") > received);
                }
            });

            assertThat(refused(gateway)).as("deliveries the full queue refused").isPositive();
            Await.until(
                    "every window journaled",
                    TIMEOUT,
                    () -> db.count("SELECT count(*) FROM envelopes WHERE robot_id = 'full-1'") == WINDOWS,
                    () -> db.count("SELECT count(*) FROM envelopes WHERE robot_id = 'full-1'"));
            assertThat(db.jdbc().queryForList("SELECT reason, detail FROM dead_letters"))
                    .isEmpty();
        }
    }

    private static double refused(InProcessGateway gateway) {
        return gateway.counter("gateway.ingestion.queue.refused");
    }

    private static void restartBroker(MosquittoBroker broker) {
        try {
            broker.restart();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
