package dev.robotledger.gateway.ingestion;

import static org.assertj.core.api.Assertions.assertThat;

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
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Forged envelopes at ten times the valid rate, through a real Mosquitto to the gateway and a real
 * PostgreSQL: every valid reading is journaled, every forgery dead-lettered. Prints the valid
 * traffic's latency from publish to journaled without and with the flood; asserts no timing.
 */
class SignatureFloodIT {

    private static final int ROBOTS = 4;
    private static final int READINGS_PER_WINDOW = 10;
    private static final int VALID_PER_SECOND = 40;
    private static final int FLOOD_FACTOR = 10;
    private static final Duration PHASE = Duration.ofSeconds(10);
    private static final Duration TIMEOUT = Duration.ofSeconds(120);
    // How often the latency observer reads the journal: the resolution of the printed figures.
    private static final Duration POLL = Duration.ofMillis(10);

    @Test
    void journalsEveryValidReadingAndDeadLettersEveryForgeryWhileFloodedAtTenTimesTheValidRate() throws Exception {
        try (PostgresServer postgres = PostgresServer.start();
                MosquittoBroker broker = MosquittoBroker.start()) {
            JournalDatabase db = new JournalDatabase(postgres);
            String clientId = "flood-" + UUID.randomUUID();
            List<TestRobot> robots = new ArrayList<>();
            for (int i = 1; i <= ROBOTS; i++) {
                robots.add(new TestRobot("flooded-" + i));
            }
            try (InProcessGateway gateway = InProcessGateway.start(postgres, broker.uri(), clientId);
                    Publisher valid = new Publisher(broker.uri(), "valid-" + clientId);
                    Publisher attacker = new Publisher(broker.uri(), "attacker-" + clientId)) {
                robots.forEach(gateway::register);
                JournalObserver observer = new JournalObserver(db);
                CompletableFuture<Void> observing = CompletableFuture.runAsync(observer);
                try {
                    Map<String, Long> publishedAt = new ConcurrentHashMap<>();
                    int validCount = (int) (VALID_PER_SECOND * PHASE.toSeconds());
                    int floodCount = validCount * FLOOD_FACTOR;
                    List<Envelope> forgeries = forgeries(robots, floodCount);

                    List<String> calm = publishValid(valid, robots, validCount, publishedAt);
                    Await.until(
                            "the calm phase journaled",
                            TIMEOUT,
                            () -> observer.seen(calm),
                            () -> observer.size() + " of " + calm.size());

                    CompletableFuture<Long> flood = CompletableFuture.supplyAsync(
                            () -> publishPaced(attacker, robots, forgeries, VALID_PER_SECOND * FLOOD_FACTOR));
                    List<String> flooded = publishValid(valid, robots, validCount, publishedAt);
                    long floodMillis = flood.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
                    Await.until(
                            "the flooded phase journaled",
                            TIMEOUT,
                            () -> observer.seen(flooded),
                            () -> observer.size() + " journaled");
                    // Past gateway.journal.dead-letters-per-robot-per-minute a refusal is only counted.
                    Await.until(
                            "every forgery dead-lettered or counted",
                            TIMEOUT,
                            () -> refused(db, "FORGED_SIGNATURE") == floodCount,
                            () -> refused(db, "FORGED_SIGNATURE"));

                    assertThat(db.count("SELECT count(*) FROM envelopes")).isEqualTo(2L * validCount);
                    assertThat(db.count("SELECT coalesce(sum(reading_count), 0) FROM envelopes"))
                            .isEqualTo(2L * validCount * READINGS_PER_WINDOW);
                    assertThat(db.count("SELECT count(*) FROM dead_letters WHERE reason <> 'FORGED_SIGNATURE'"))
                            .isZero();
                    assertThat(db.count("SELECT count(*) FROM dead_letter_overflow WHERE reason <> 'FORGED_SIGNATURE'"))
                            .isZero();
                    assertThat(db.count("SELECT count(*) FROM sequence_gaps")).isZero();
                    assertThat(gateway.counter("gateway.messages.rejected", "reason", "FORGED_SIGNATURE"))
                            .isEqualTo(floodCount);

                    System.out.printf(
                            "%nSignature flood: %d robots, valid %d windows/s of %d readings, forged %d/s%n",
                            ROBOTS, VALID_PER_SECOND, READINGS_PER_WINDOW, VALID_PER_SECOND * FLOOD_FACTOR);
                    System.out.printf(
                            "  forged envelopes sent: %d in %.1f s (%.0f/s achieved), all dead-lettered%n",
                            floodCount, floodMillis / 1000.0, floodCount * 1000.0 / floodMillis);
                    System.out.println(
                            "  valid latency, publish -> journaled (journal polled every " + POLL.toMillis() + " ms):");
                    System.out.println("    without flood: " + Latency.of(calm, publishedAt, observer));
                    System.out.println("    with flood:    " + Latency.of(flooded, publishedAt, observer));
                } finally {
                    observer.stop();
                    observing.get(10, TimeUnit.SECONDS);
                }
            }
        }
    }

    /** Publishes {@code count} valid windows round-robin at the valid rate; returns their ids. */
    private static List<String> publishValid(
            Publisher publisher, List<TestRobot> robots, int count, Map<String, Long> publishedAt) {
        List<String> ids = new ArrayList<>(count);
        long start = System.nanoTime();
        for (int i = 0; i < count; i++) {
            awaitSlot(start, i, VALID_PER_SECOND);
            TestRobot robot = robots.get(i % robots.size());
            Envelope window = robot.window(READINGS_PER_WINDOW);
            publishedAt.put(window.id(), System.nanoTime());
            publisher.publish(robot, window);
            ids.add(window.id());
        }
        return ids;
    }

    private static long publishPaced(
            Publisher publisher, List<TestRobot> robots, List<Envelope> envelopes, int perSecond) {
        long start = System.nanoTime();
        for (int i = 0; i < envelopes.size(); i++) {
            awaitSlot(start, i, perSecond);
            publisher.publish(
                    robots.get(i % robots.size()).topicFor(envelopes.get(i)),
                    envelopes.get(i).toBytes());
        }
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
    }

    // Pacing a publisher to a rate, not waiting for the system under test.
    private static void awaitSlot(long start, int index, int perSecond) {
        long due = start + index * 1_000_000_000L / perSecond;
        long wait = due - System.nanoTime();
        if (wait > 0) {
            try {
                TimeUnit.NANOSECONDS.sleep(wait);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }

    /**
     * Telemetry windows that claim to come from the registered robots, each signed by an impostor
     * holding another key: well-formed and distinct, so the gateway pays a full ECDSA
     * verification for each and records each as its own dead letter.
     */
    private static List<Envelope> forgeries(List<TestRobot> robots, int count) {
        List<TestRobot> impostors =
                robots.stream().map(robot -> new TestRobot(robot.robotId())).toList();
        List<Envelope> forged = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            forged.add(impostors.get(i % impostors.size()).window(READINGS_PER_WINDOW));
        }
        return forged;
    }

    /** Reads the journal every {@link #POLL} and notes when each envelope first became visible. */
    private static final class JournalObserver implements Runnable {
        private final JournalDatabase db;
        private final Map<String, Long> firstSeen = new ConcurrentHashMap<>();
        private volatile boolean running = true;
        private long lastEnvelopeId;

        JournalObserver(JournalDatabase db) {
            this.db = db;
        }

        @Override
        public void run() {
            while (running) {
                long now = System.nanoTime();
                for (Map<String, Object> row : db.jdbc().queryForList("""
                        SELECT envelope_id, robot_id, seq FROM envelopes WHERE envelope_id > ? ORDER BY envelope_id""", lastEnvelopeId)) {
                    firstSeen.putIfAbsent(row.get("robot_id") + "/" + row.get("seq"), now);
                    lastEnvelopeId = (Long) row.get("envelope_id");
                }
                try {
                    Thread.sleep(POLL.toMillis());
                } catch (InterruptedException e) {
                    return;
                }
            }
        }

        boolean seen(List<String> ids) {
            return firstSeen.keySet().containsAll(ids);
        }

        int size() {
            return firstSeen.size();
        }

        long seenAt(String id) {
            return firstSeen.get(id);
        }

        void stop() {
            running = false;
        }
    }

    private record Latency(int count, double p50, double p95, double p99, double max) {

        static Latency of(List<String> ids, Map<String, Long> publishedAt, JournalObserver observer) {
            List<Double> millis = ids.stream()
                    .map(id -> (observer.seenAt(id) - publishedAt.get(id)) / 1_000_000.0)
                    .sorted()
                    .toList();
            return new Latency(
                    millis.size(), at(millis, 0.50), at(millis, 0.95), at(millis, 0.99), millis.get(millis.size() - 1));
        }

        private static double at(List<Double> sorted, double quantile) {
            return sorted.get((int) Math.min(sorted.size() - 1, Math.floor(quantile * sorted.size())));
        }

        @Override
        public String toString() {
            return String.format("n=%d p50 %.0f ms, p95 %.0f ms, p99 %.0f ms, max %.0f ms", count, p50, p95, p99, max);
        }
    }

    /** Refusals of one reason: those stored as dead letters and those only counted past the rate limit. */
    private static long refused(JournalDatabase db, String reason) {
        return db.count("SELECT count(*) FROM dead_letters WHERE reason = ?", reason)
                + db.count("SELECT coalesce(sum(refused), 0) FROM dead_letter_overflow WHERE reason = ?", reason);
    }
}
