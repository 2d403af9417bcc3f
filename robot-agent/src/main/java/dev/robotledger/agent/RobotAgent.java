package dev.robotledger.agent;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.robotledger.agent.identity.RobotIdentity;
import dev.robotledger.agent.mqtt.MqttPublisher;
import dev.robotledger.agent.outbox.Outbox;
import dev.robotledger.agent.outbox.OutboxEntry;
import dev.robotledger.agent.sequence.SequenceCounter;
import dev.robotledger.agent.telemetry.TelemetrySealer;
import dev.robotledger.wire.message.Envelope;
import dev.robotledger.wire.message.MessageType;
import dev.robotledger.wire.message.Reading;
import dev.robotledger.wire.message.TelemetryWindow;
import dev.robotledger.wire.message.WindowReference;
import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayDeque;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.eclipse.paho.mqttv5.common.MqttException;

/**
 * One robot's side of the data path: records readings and production events, signs them, stores
 * them durably in its outbox and publishes them to the broker, in order, until acknowledged.
 *
 * <pre>{@code
 * try (RobotAgent agent = RobotAgent.start(Path.of("state/robot-7"), "robot-7", "s1", "l1",
 *         AgentSettings.defaults("tcp://127.0.0.1:1883"))) {
 *     agent.recordReading(System.currentTimeMillis(), Map.of("temp.c", 21.5), 0.4, 950);
 *     agent.publishEvent(MessageType.QUALITY_CHECK, payload).join();
 * }
 * }</pre>
 *
 * <p>State directory: {@code robot.pk8} and {@code robot.pub.pem} (the key pair),
 * {@code envelope.seq} and {@code reading.seq} (counters), {@code outbox/}. A reading is durable
 * once its window is sealed (at most {@code windowReadings} readings or {@code windowMaxAge} later,
 * or at {@link #flush()} and {@link #close()}); an event once its future completes.
 *
 * <p>A production ({@code COMPONENT_PRODUCED}, {@code ASSEMBLED}) seals the open window when it is
 * called, so the readings taken up to it, and none taken after, are published before it, and names
 * that window in its payload
 * ({@code telemetryWindow}, see {@link WindowReference}) under the window's own signing time: the
 * gateway then references the anchor of the batch holding that window, whose time range contains
 * that time.
 */
public final class RobotAgent implements Closeable {

    private static final int ENVELOPE_SEQ_BLOCK = 1000;
    private static final int READING_SEQ_BLOCK = 10_000;

    private final RobotIdentity identity;
    private final SequenceCounter envelopeSeq;
    private final SequenceCounter readingSeq;
    private final Outbox outbox;
    private final MqttPublisher publisher;
    private final TelemetrySealer sealer;
    // Windows sealed and events published but not yet signed, in the order they happened (guarded by
    // the sealer's lock). Callers' threads seal full windows and the window a production or a flush
    // cuts; only the agent's thread signs, oldest first, so envelope numbers follow reading numbers
    // and a production names the window holding exactly the readings taken before it.
    private final ArrayDeque<Unsigned> unsigned = new ArrayDeque<>();
    private final Clock clock;
    // One thread signs and appends, so envelope numbers enter the outbox in order.
    private final ScheduledExecutorService emitter;
    private volatile Throwable failure;
    private final AtomicBoolean closed = new AtomicBoolean();
    // Only the emitter thread touches these.
    private Envelope lastWindow;
    private long lastTimestamp;

    /** Sealed or published, waiting for the agent's thread to sign it. */
    private sealed interface Unsigned {}

    private record SealedWindow(TelemetryWindow window) implements Unsigned {}

    private record Event(MessageType type, ObjectNode payload, CompletableFuture<Envelope> signed) implements Unsigned {
        boolean namesWindow() {
            return type != MessageType.QUALITY_CHECK;
        }
    }

    private RobotAgent(
            RobotIdentity identity,
            SequenceCounter envelopeSeq,
            SequenceCounter readingSeq,
            Outbox outbox,
            AgentSettings settings,
            Clock clock,
            Consumer<OutboxEntry> onAcknowledged)
            throws MqttException {
        this.identity = identity;
        this.envelopeSeq = envelopeSeq;
        this.readingSeq = readingSeq;
        this.outbox = outbox;
        this.clock = clock;
        this.sealer = new TelemetrySealer(
                identity.robotId(), settings.windowReadings(), settings.windowMaxAge(), clock::millis);
        this.publisher = new MqttPublisher(identity.robotId(), outbox, settings, onAcknowledged);
        this.emitter = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "agent-" + identity.robotId());
            thread.setDaemon(true);
            return thread;
        });
    }

    /** Opens the robot's state (creating its key pair on first start) and starts publishing. */
    public static RobotAgent start(Path stateDir, String robotId, String site, String line, AgentSettings settings)
            throws IOException {
        return start(stateDir, robotId, site, line, settings, Clock.systemUTC(), entry -> {});
    }

    /**
     * Starts publishing and reports each message the broker acknowledged (its exact topic and
     * bytes) to {@code onAcknowledged}: for a controller that must know what is safely out, or an
     * auditor that compares it with what was stored downstream. It runs on the MQTT client's
     * thread, must return quickly and never throw, and may see a message twice when a lost
     * acknowledgement made the agent send it again.
     */
    public static RobotAgent start(
            Path stateDir,
            String robotId,
            String site,
            String line,
            AgentSettings settings,
            Consumer<OutboxEntry> onAcknowledged)
            throws IOException {
        return start(stateDir, robotId, site, line, settings, Clock.systemUTC(), onAcknowledged);
    }

    static RobotAgent start(
            Path stateDir,
            String robotId,
            String site,
            String line,
            AgentSettings settings,
            Clock clock,
            Consumer<OutboxEntry> onAcknowledged)
            throws IOException {
        RobotIdentity identity = RobotIdentity.loadOrCreate(stateDir, robotId, site, line);
        SequenceCounter envelopeSeq = SequenceCounter.open(stateDir.resolve("envelope.seq"), ENVELOPE_SEQ_BLOCK, 1);
        SequenceCounter readingSeq = SequenceCounter.open(stateDir.resolve("reading.seq"), READING_SEQ_BLOCK, 1);
        Outbox outbox = Outbox.open(stateDir.resolve("outbox"));
        RobotAgent agent;
        try {
            agent = new RobotAgent(identity, envelopeSeq, readingSeq, outbox, settings, clock, onAcknowledged);
        } catch (MqttException e) {
            outbox.close();
            throw new IOException("robot " + robotId + ": cannot create an MQTT client for " + settings.brokerUri(), e);
        }
        long tick = Math.max(1, settings.windowMaxAge().toMillis() / 4);
        agent.emitter.scheduleWithFixedDelay(agent::sealIfDue, tick, tick, TimeUnit.MILLISECONDS);
        agent.publisher.start();
        return agent;
    }

    public RobotIdentity identity() {
        return identity;
    }

    /**
     * Records one reading and returns its reading number. The reading joins the open telemetry
     * window; a full window is signed and stored on the agent's thread.
     */
    public long recordReading(long timestamp, Map<String, Double> sensors, double energyWh, long cycleTimeMillis)
            throws IOException {
        checkHealthy();
        synchronized (sealer) {
            long seq = readingSeq.next();
            Optional<TelemetryWindow> full =
                    sealer.add(new Reading(seq, timestamp, sensors, energyWh, cycleTimeMillis));
            if (full.isPresent()) {
                unsigned.add(new SealedWindow(full.get()));
                emitter.execute(this::signUnsigned);
            }
            return seq;
        }
    }

    /**
     * Signs a production event; the future completes once it is durably in the outbox. A
     * {@code COMPONENT_PRODUCED} or {@code ASSEMBLED} event seals the open telemetry window before
     * this returns, so readings recorded after it are not in that window, and names it
     * ({@code telemetryWindow}), signed at the window's time; with no reading since
     * the last window it names that one, and before this agent sealed any window it names none.
     */
    public CompletableFuture<Envelope> publishEvent(MessageType type, ObjectNode payload) {
        if (!type.isProductionEvent()) {
            throw new IllegalArgumentException("robot " + identity.robotId() + ": " + type
                    + " is not a production event; record readings instead");
        }
        if (payload.has(WindowReference.FIELD)) {
            throw new IllegalArgumentException("robot " + identity.robotId() + ": the agent names the telemetry"
                    + " window of a production itself; leave " + WindowReference.FIELD + " out of the payload");
        }
        checkHealthy();
        ObjectNode copy = payload.deepCopy();
        // Refuse a bad payload here, before it takes a sequence number: a placeholder signature
        // lets the envelope's own validation run without signing.
        new Envelope(identity.robotId(), 0, 0, type, copy, "AA==");
        Event event = new Event(type, copy, new CompletableFuture<>());
        synchronized (sealer) {
            if (event.namesWindow()) {
                sealOpenWindow();
            }
            unsigned.add(event);
        }
        emitter.execute(this::signUnsigned);
        return event.signed();
    }

    /**
     * Seals the open window now; the future completes once it, and everything recorded before it,
     * is durably in the outbox, and fails if anything the agent signed could not be stored.
     */
    public CompletableFuture<Void> flush() {
        synchronized (sealer) {
            sealOpenWindow();
        }
        return submit(() -> {
            signUnsigned();
            if (failure != null) {
                throw new IOException("robot " + identity.robotId() + " could not store what it signed", failure);
            }
            return null;
        });
    }

    /** Entries stored but not yet acknowledged by the broker. */
    public long backlog() {
        return outbox.backlog();
    }

    /** PUBACKs received so far. */
    public long delivered() {
        return publisher.delivered();
    }

    public boolean isConnected() {
        return publisher.isConnected();
    }

    /** The envelope number the next signed message will get. */
    public long nextEnvelopeSeq() {
        return envelopeSeq.peek();
    }

    /**
     * Seals the open window, stops publishing and closes the state. Whatever the broker has not
     * acknowledged stays in the outbox and is sent by the next start.
     */
    @Override
    public void close() throws IOException {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        try {
            flush().get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            recordFailure(e);
        } finally {
            emitter.shutdown();
            try {
                emitter.awaitTermination(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            publisher.close();
            envelopeSeq.close();
            readingSeq.close();
            outbox.close();
        }
        if (failure != null) {
            throw new IOException("robot " + identity.robotId() + " failed while running", failure);
        }
    }

    private void sealIfDue() {
        synchronized (sealer) {
            sealer.sealIfDue().ifPresent(window -> unsigned.add(new SealedWindow(window)));
        }
        signUnsigned();
    }

    // Only under the sealer's lock.
    private void sealOpenWindow() {
        sealer.sealNow().ifPresent(window -> unsigned.add(new SealedWindow(window)));
    }

    /** Signs and stores everything waiting, oldest first; only on the agent's thread. */
    private void signUnsigned() {
        while (true) {
            Unsigned next;
            synchronized (sealer) {
                next = unsigned.poll();
            }
            if (next == null) {
                return;
            }
            try {
                if (next instanceof SealedWindow sealedWindow) {
                    lastWindow = emit(
                            MessageType.TELEMETRY_WINDOW, sealedWindow.window().toPayload(), nextTimestamp());
                } else if (next instanceof Event event) {
                    event.signed().complete(emitEvent(event));
                }
            } catch (IOException | RuntimeException e) {
                recordFailure(e);
                if (next instanceof Event event) {
                    event.signed().completeExceptionally(e);
                }
            }
        }
    }

    // A production names the window signed just before it, the one it cut, and takes that window's
    // time: the production time then lies within the time range of the anchor batch that will hold it.
    private Envelope emitEvent(Event event) throws IOException {
        if (!event.namesWindow() || lastWindow == null) {
            return emit(event.type(), event.payload(), nextTimestamp());
        }
        return emit(event.type(), new WindowReference(lastWindow.seq()).addTo(event.payload()), lastWindow.timestamp());
    }

    // Never earlier than an envelope already signed, even if the wall clock steps back.
    private long nextTimestamp() {
        lastTimestamp = Math.max(lastTimestamp, clock.millis());
        return lastTimestamp;
    }

    private Envelope emit(MessageType type, ObjectNode payload, long timestamp) throws IOException {
        long seq = envelopeSeq.next();
        Envelope envelope = Envelope.sign(identity.robotId(), seq, timestamp, type, payload, identity.privateKey());
        outbox.append(identity.topic(type).format(), envelope.toBytes());
        return envelope;
    }

    private <T> CompletableFuture<T> submit(Callable<T> task) {
        CompletableFuture<T> result = new CompletableFuture<>();
        emitter.execute(() -> {
            try {
                result.complete(task.call());
            } catch (Exception e) {
                recordFailure(e);
                result.completeExceptionally(e);
            }
        });
        return result;
    }

    private void recordFailure(Throwable e) {
        if (failure == null) {
            failure = e;
        }
    }

    // A failed disk write means readings could be lost silently: stop accepting instead.
    private void checkHealthy() {
        if (failure != null) {
            throw new IllegalStateException(
                    "robot " + identity.robotId() + " stopped after a failure: " + failure, failure);
        }
    }
}
