package dev.robotledger.gateway.bench;

import dev.robotledger.gateway.testing.Publisher;
import dev.robotledger.gateway.testing.TestRobot;
import dev.robotledger.wire.message.Envelope;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.locks.LockSupport;

/**
 * Telemetry published at a fixed offered rate: robots' pre-signed windows (robots sign on their
 * own hardware, so signing is done before the clock starts), each robot on one of a few MQTT
 * connections, each window at its slot, or at once when behind. {@link IngestionBenchmark}'s steps
 * and {@link ProvenanceQueryBenchmark}'s background ingestion both publish this way.
 */
final class IngestionLoad implements AutoCloseable {

    private record Scheduled(TestRobot robot, Envelope window, long slot) {}

    private final List<List<Scheduled>> perPublisher;
    private final long slotNanos;
    private final int windowsPerRobot;
    private final long envelopes;
    private final long readings;
    private final Map<String, Instant> publishedAt = new ConcurrentHashMap<>();
    private final List<Future<Long>> sending = new ArrayList<>();
    private ExecutorService pool;
    private long startNanos;

    private IngestionLoad(
            List<List<Scheduled>> perPublisher, long slotNanos, int windowsPerRobot, long envelopes, long readings) {
        this.perPublisher = perPublisher;
        this.slotNanos = slotNanos;
        this.windowsPerRobot = windowsPerRobot;
        this.envelopes = envelopes;
        this.readings = readings;
    }

    /** Signs {@code seconds} worth of windows at {@code readingsPerSecond}; nothing is published yet. */
    static IngestionLoad prepare(
            List<TestRobot> robots, int publishers, int windowReadings, int readingsPerSecond, double seconds) {
        int windowsPerRobot =
                (int) Math.max(1, Math.round(readingsPerSecond * seconds / windowReadings / robots.size()));
        List<List<Envelope>> windows = robots.parallelStream()
                .map(robot -> {
                    List<Envelope> own = new ArrayList<>(windowsPerRobot);
                    for (int w = 0; w < windowsPerRobot; w++) {
                        own.add(robot.windowSignedAt(windowReadings, System.currentTimeMillis()));
                    }
                    return own;
                })
                .toList();
        List<List<Scheduled>> perPublisher = new ArrayList<>();
        for (int p = 0; p < publishers; p++) {
            perPublisher.add(new ArrayList<>());
        }
        for (int w = 0; w < windowsPerRobot; w++) {
            for (int r = 0; r < robots.size(); r++) {
                perPublisher
                        .get(r % publishers)
                        .add(new Scheduled(robots.get(r), windows.get(r).get(w), (long) w * robots.size() + r));
            }
        }
        long envelopes = (long) windowsPerRobot * robots.size();
        return new IngestionLoad(
                perPublisher,
                Math.round(1e9 * windowReadings / readingsPerSecond),
                windowsPerRobot,
                envelopes,
                envelopes * windowReadings);
    }

    /** Signs as {@link #prepare} does and starts publishing at once. */
    static IngestionLoad start(
            String brokerUrl,
            List<TestRobot> robots,
            int publishers,
            int windowReadings,
            int readingsPerSecond,
            double seconds) {
        IngestionLoad load = prepare(robots, publishers, windowReadings, readingsPerSecond, seconds);
        load.start(brokerUrl);
        return load;
    }

    /** Starts publishing; the clock of every slot starts now. */
    void start(String brokerUrl) {
        pool = Executors.newFixedThreadPool(perPublisher.size());
        startNanos = System.nanoTime();
        for (List<Scheduled> schedule : perPublisher) {
            sending.add(pool.submit(() -> publishOnSchedule(brokerUrl, schedule)));
        }
    }

    int windowsPerRobot() {
        return windowsPerRobot;
    }

    long envelopes() {
        return envelopes;
    }

    long readings() {
        return readings;
    }

    long startNanos() {
        return startNanos;
    }

    /** When a robot's window was handed to its publisher, or null if it was not (yet). */
    Instant publishedAt(String robotId, long seq) {
        return publishedAt.get(robotId + "/" + seq);
    }

    /** Waits until the broker acknowledged the last window; the {@link System#nanoTime()} it did. */
    long awaitLastAcknowledged() throws Exception {
        long last = startNanos;
        for (Future<Long> future : sending) {
            last = Math.max(last, future.get());
        }
        return last;
    }

    /** Waits for the last window to be acknowledged by the broker; the readings per second achieved. */
    double awaitPublished() throws Exception {
        return readings / ((awaitLastAcknowledged() - startNanos) / 1e9);
    }

    private long publishOnSchedule(String brokerUrl, List<Scheduled> schedule) {
        try (Publisher publisher = new Publisher(brokerUrl, "bench-pub-" + UUID.randomUUID())) {
            for (Scheduled item : schedule) {
                long due = startNanos + item.slot() * slotNanos;
                long wait;
                while ((wait = due - System.nanoTime()) > 0) {
                    LockSupport.parkNanos(wait);
                }
                publishedAt.put(item.robot().robotId() + "/" + item.window().seq(), Instant.now());
                publisher.publish(item.robot(), item.window());
            }
        }
        return System.nanoTime();
    }

    @Override
    public void close() {
        if (pool != null) {
            pool.shutdownNow();
        }
    }
}
