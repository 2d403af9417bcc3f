package dev.robotledger.gateway.faults;

import dev.robotledger.agent.AgentSettings;
import dev.robotledger.agent.RobotAgent;
import dev.robotledger.agent.outbox.OutboxEntry;
import dev.robotledger.gateway.testing.ProductionPayloads;
import dev.robotledger.wire.merkle.Digest;
import dev.robotledger.wire.message.MessageType;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PublicKey;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Real robot agents (the robot-agent library, each with its key, durable counters and fsynced
 * outbox) recording readings at a steady rate and a production event now and then, each behind
 * its own {@link NetworkLink} to the broker. What the broker acknowledged to each agent is kept,
 * byte for byte, for the checker.
 */
final class SteadyRobots implements AutoCloseable {

    private static final long READING_PERIOD_MILLIS = 20;
    private static final int EVENT_EVERY_READINGS = 100;

    private final List<RobotAgent> agents = new ArrayList<>();
    private final List<NetworkLink> links = new ArrayList<>();
    private final Map<String, byte[]> acknowledged = new ConcurrentHashMap<>();
    private final AtomicLong ticks = new AtomicLong();
    private final AtomicLong readings = new AtomicLong();
    private final AtomicLong events = new AtomicLong();
    private final AtomicReference<Throwable> failure = new AtomicReference<>();
    private final ScheduledExecutorService producer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "steady-robots");
        thread.setDaemon(true);
        return thread;
    });

    private SteadyRobots() {}

    /** Starts {@code count} agents publishing through links to {@code brokerPort}; not producing yet. */
    static SteadyRobots start(Path stateDir, int count, int brokerPort) throws IOException {
        SteadyRobots robots = new SteadyRobots();
        try {
            for (int i = 1; i <= count; i++) {
                NetworkLink link = NetworkLink.to(brokerPort);
                robots.links.add(link);
                AgentSettings settings = AgentSettings.defaults(link.uri()).withWindow(20, Duration.ofMillis(200));
                String robotId = String.format("steady-%02d", i);
                robots.agents.add(RobotAgent.start(
                        Files.createDirectories(stateDir.resolve(robotId)),
                        robotId,
                        "plant-9",
                        "line-f",
                        settings,
                        robots::acknowledged));
            }
            return robots;
        } catch (IOException | RuntimeException e) {
            robots.close();
            throw e;
        }
    }

    List<RobotAgent> agents() {
        return agents;
    }

    /** Every robot records one reading each period; every {@value #EVENT_EVERY_READINGS}th reading also an event. */
    void startProducing() {
        producer.scheduleAtFixedRate(this::produce, 0, READING_PERIOD_MILLIS, TimeUnit.MILLISECONDS);
    }

    double readingsPerSecond() {
        return agents.size() * 1000.0 / READING_PERIOD_MILLIS;
    }

    /** Stops recording, seals every open window and waits until each agent's outbox is stored. */
    void stopProducing() throws Exception {
        producer.shutdown();
        if (!producer.awaitTermination(10, TimeUnit.SECONDS)) {
            throw new IllegalStateException("the producer did not stop");
        }
        for (RobotAgent agent : agents) {
            agent.flush().get(30, TimeUnit.SECONDS);
        }
        throwIfFailed();
    }

    void cut(int robot) {
        links.get(robot).cut();
    }

    void restore(int robot) {
        links.get(robot).restore();
    }

    /** Each robot's public key, by robot id. */
    Map<String, PublicKey> keys() {
        Map<String, PublicKey> keys = new LinkedHashMap<>();
        agents.forEach(
                agent -> keys.put(agent.identity().robotId(), agent.identity().publicKey()));
        return keys;
    }

    /** Envelopes stored but not yet acknowledged by the broker, over all robots. */
    long backlog() {
        return agents.stream().mapToLong(RobotAgent::backlog).sum();
    }

    /** Per robot, the highest envelope number signed so far (numbers start at 1, without holes). */
    Map<String, Long> lastSigned() {
        Map<String, Long> last = new LinkedHashMap<>();
        agents.forEach(agent -> last.put(agent.identity().robotId(), agent.nextEnvelopeSeq() - 1));
        return last;
    }

    long readingsRecorded() {
        return readings.get();
    }

    long eventsRecorded() {
        return events.get();
    }

    int acknowledgedCount() {
        return acknowledged.size();
    }

    /** The exact bytes of every message the broker acknowledged, by SHA-256 (hex). */
    Map<String, byte[]> acknowledged() {
        return Map.copyOf(acknowledged);
    }

    void throwIfFailed() {
        Throwable failed = failure.get();
        if (failed != null) {
            throw new IllegalStateException("a robot stopped producing", failed);
        }
    }

    private void acknowledged(OutboxEntry entry) {
        acknowledged.putIfAbsent(
                HexFormat.of().formatHex(Digest.sha256(entry.payload()).bytes()), entry.payload());
    }

    private void produce() {
        try {
            long now = System.currentTimeMillis();
            long n = ticks.incrementAndGet();
            for (RobotAgent agent : agents) {
                agent.recordReading(now, Map.of("temp.c", 20.0 + n % 11, "torque.nm", 4.0 + n % 3), 0.3, 780);
                readings.incrementAndGet();
            }
            if (n % EVENT_EVERY_READINGS == 0) {
                for (RobotAgent agent : agents) {
                    // A payload the contract takes: each event must reach the ledger, not be refused.
                    agent.publishEvent(
                            MessageType.COMPONENT_PRODUCED,
                            ProductionPayloads.component(agent.identity().robotId() + "-part-" + n, "bracket"));
                    events.incrementAndGet();
                }
            }
        } catch (IOException | RuntimeException e) {
            // Kept and rethrown by the test: a scheduled task that throws would stop silently.
            failure.compareAndSet(null, e);
            producer.shutdown();
        }
    }

    @Override
    public void close() throws IOException {
        producer.shutdownNow();
        IOException first = null;
        for (RobotAgent agent : agents) {
            try {
                agent.close();
            } catch (IOException e) {
                first = first == null ? e : first;
            }
        }
        links.forEach(NetworkLink::close);
        if (first != null) {
            throw first;
        }
    }
}
