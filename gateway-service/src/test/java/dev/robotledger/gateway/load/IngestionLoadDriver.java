package dev.robotledger.gateway.load;

import dev.robotledger.agent.testing.MosquittoBroker;
import dev.robotledger.gateway.testing.Await;
import dev.robotledger.gateway.testing.InProcessGateway;
import dev.robotledger.gateway.testing.JournalDatabase;
import dev.robotledger.gateway.testing.PostgresServer;
import dev.robotledger.gateway.testing.Publisher;
import dev.robotledger.gateway.testing.TestRobot;
import dev.robotledger.wire.message.Envelope;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Measures end-to-end ingestion: pre-signed telemetry windows published to a real Mosquitto,
 * verified and journaled by the gateway into a real PostgreSQL, until every reading is committed.
 * Robots sign on their own hardware, so signing happens before the clock starts.
 *
 * <pre>
 * java -cp "target/test-classes:target/classes:$(cat target/cp.txt)" \
 *     dev.robotledger.gateway.load.IngestionLoadDriver [robots] [windowsPerRobot] [readingsPerWindow] [publishers]
 * </pre>
 */
public final class IngestionLoadDriver {

    private IngestionLoadDriver() {
    }

    public static void main(String[] args) throws Exception {
        int robots = args.length > 0 ? Integer.parseInt(args[0]) : 20;
        int windowsPerRobot = args.length > 1 ? Integer.parseInt(args[1]) : 100;
        int readingsPerWindow = args.length > 2 ? Integer.parseInt(args[2]) : 100;
        int publishers = args.length > 3 ? Integer.parseInt(args[3]) : 4;
        long totalReadings = (long) robots * windowsPerRobot * readingsPerWindow;

        try (PostgresServer postgres = PostgresServer.start(); MosquittoBroker broker = MosquittoBroker.start();
             InProcessGateway gateway = InProcessGateway.start(postgres, broker.uri(), "load-" + UUID.randomUUID(),
                     "logging.level.root=WARN")) {
            JournalDatabase db = new JournalDatabase(postgres);
            List<List<Object[]>> perPublisher = new ArrayList<>();
            for (int p = 0; p < publishers; p++) {
                perPublisher.add(new ArrayList<>());
            }
            for (int r = 0; r < robots; r++) {
                TestRobot robot = new TestRobot("load-" + r);
                gateway.register(robot);
                for (int w = 0; w < windowsPerRobot; w++) {
                    Envelope window = robot.window(readingsPerWindow);
                    // One robot's windows stay on one publisher so they arrive in order.
                    perPublisher.get(r % publishers).add(new Object[] {robot.topicFor(window), window.toBytes()});
                }
            }
            System.out.printf("publishing %d readings: %d robots x %d windows x %d readings, %d publishers%n",
                    totalReadings, robots, windowsPerRobot, readingsPerWindow, publishers);

            ExecutorService pool = Executors.newFixedThreadPool(publishers);
            long start = System.nanoTime();
            List<Future<?>> sending = new ArrayList<>();
            for (List<Object[]> messages : perPublisher) {
                sending.add(pool.submit(() -> {
                    try (Publisher publisher = new Publisher(broker.uri(), "load-pub-" + UUID.randomUUID())) {
                        messages.forEach(message -> publisher.publish((String) message[0], (byte[]) message[1]));
                    }
                }));
            }
            for (Future<?> future : sending) {
                future.get();
            }
            double publishSeconds = (System.nanoTime() - start) / 1e9;
            Await.until("every reading journaled", Duration.ofMinutes(10),
                    () -> db.count("SELECT count(*) FROM readings") == totalReadings);
            double seconds = (System.nanoTime() - start) / 1e9;
            pool.shutdown();
            System.out.printf("published in %.2f s; all %d readings (%d envelopes) journaled in %.2f s: %.0f readings/s, %.0f envelopes/s%n",
                    publishSeconds, totalReadings, (long) robots * windowsPerRobot, seconds, totalReadings / seconds,
                    robots * windowsPerRobot / seconds);
        }
    }
}
