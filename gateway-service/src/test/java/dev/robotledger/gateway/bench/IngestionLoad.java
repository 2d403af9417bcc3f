package dev.robotledger.gateway.bench;

import dev.robotledger.gateway.testing.Publisher;
import dev.robotledger.gateway.testing.TestRobot;
import dev.robotledger.wire.message.Envelope;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.locks.LockSupport;

/**
 * Telemetry published at a fixed offered rate in the background, while something else is
 * measured against the same gateway: robots' pre-signed windows (robots sign on their own
 * hardware, so signing is done before the clock starts), each robot on one of a few MQTT
 * connections, each window at its slot, as {@link IngestionBenchmark}'s steps publish them.
 */
final class IngestionLoad implements AutoCloseable {

    private record Scheduled(TestRobot robot, Envelope window, long slot) {
    }

    private final ExecutorService pool;
    private final List<Future<Long>> sending = new ArrayList<>();
    private final long startNanos;
    private final long readings;

    private IngestionLoad(ExecutorService pool, long startNanos, long readings) {
        this.pool = pool;
        this.startNanos = startNanos;
        this.readings = readings;
    }

    /** Signs {@code seconds} worth of windows at {@code readingsPerSecond}, then starts publishing them. */
    static IngestionLoad start(String brokerUrl, List<TestRobot> robots, int publishers, int windowReadings,
                               int readingsPerSecond, double seconds) {
        int windowsPerRobot = (int) Math.max(1, Math.round(readingsPerSecond * seconds / windowReadings / robots.size()));
        List<List<Envelope>> windows = robots.parallelStream().map(robot -> {
            List<Envelope> own = new ArrayList<>(windowsPerRobot);
            for (int w = 0; w < windowsPerRobot; w++) {
                own.add(robot.windowSignedAt(windowReadings, System.currentTimeMillis()));
            }
            return own;
        }).toList();
        List<List<Scheduled>> perPublisher = new ArrayList<>();
        for (int p = 0; p < publishers; p++) {
            perPublisher.add(new ArrayList<>());
        }
        for (int w = 0; w < windowsPerRobot; w++) {
            for (int r = 0; r < robots.size(); r++) {
                perPublisher.get(r % publishers).add(new Scheduled(robots.get(r), windows.get(r).get(w),
                        (long) w * robots.size() + r));
            }
        }
        long slotNanos = Math.round(1e9 * windowReadings / readingsPerSecond);
        ExecutorService pool = Executors.newFixedThreadPool(publishers);
        IngestionLoad load = new IngestionLoad(pool, System.nanoTime(), (long) windowsPerRobot * robots.size()
                * windowReadings);
        for (List<Scheduled> schedule : perPublisher) {
            load.sending.add(pool.submit(() -> publishOnSchedule(brokerUrl, schedule, load.startNanos, slotNanos)));
        }
        return load;
    }

    /** Waits for the last window to be acknowledged by the broker; the readings per second achieved. */
    double awaitPublished() throws Exception {
        long last = startNanos;
        for (Future<Long> future : sending) {
            last = Math.max(last, future.get());
        }
        return readings / ((last - startNanos) / 1e9);
    }

    private static long publishOnSchedule(String brokerUrl, List<Scheduled> schedule, long startNanos, long slotNanos) {
        try (Publisher publisher = new Publisher(brokerUrl, "bench-load-" + UUID.randomUUID())) {
            for (Scheduled item : schedule) {
                long due = startNanos + item.slot() * slotNanos;
                long wait;
                while ((wait = due - System.nanoTime()) > 0) {
                    LockSupport.parkNanos(wait);
                }
                publisher.publish(item.robot(), item.window());
            }
        }
        return System.nanoTime();
    }

    @Override
    public void close() {
        pool.shutdownNow();
    }
}
