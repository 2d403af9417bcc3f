package dev.robotledger.gateway.live;

import dev.robotledger.gateway.ingestion.RejectionReason;
import dev.robotledger.gateway.journal.AnchorBatchCounts;
import dev.robotledger.gateway.journal.DeadLetter;
import dev.robotledger.gateway.journal.JournalReader;
import dev.robotledger.gateway.robots.RobotStatusChanged;
import dev.robotledger.gateway.telemetry.AnchorSubmitter;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;
import reactor.core.publisher.BufferOverflowStrategy;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.core.scheduler.Schedulers;

/**
 * The operators' live events: a periodic {@link IngestionSnapshot}, each robot registration or
 * revocation, and each message dead-lettered.
 *
 * <p>One follower serves every client: while at least one is connected it ticks every
 * {@code gateway.live.snapshot-interval}, reads this instance's counters and asks the journal
 * (on the bounded-elastic scheduler, never the event loop) for the anchor batch counts and the
 * dead letters recorded since the last tick. Rejections therefore come from the journal, whichever
 * instance refused them. Each client gets its own buffer of {@code gateway.live.client-buffer}
 * events; a client that reads slower than events come loses the oldest ones (counted in
 * {@code gateway_live_events_dropped_total}), so it can never grow the gateway's memory.
 */
@Component
public class LiveFeed implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(LiveFeed.class);

    private final JournalReader journal;
    private final MeterRegistry meters;
    private final LiveProperties properties;
    private final ObjectProvider<AnchorSubmitter> submitter;
    private final Counter dropped;
    private final Clock clock = Clock.systemUTC();
    private final Sinks.Many<LiveEvent> robotChanges = Sinks.many().multicast().directBestEffort();
    private final Sinks.One<Boolean> closing = Sinks.one();
    private final Flux<LiveEvent> followed;
    private volatile boolean running;

    LiveFeed(
            JournalReader journal,
            MeterRegistry meters,
            LiveProperties properties,
            ObjectProvider<AnchorSubmitter> submitter) {
        this.journal = journal;
        this.meters = meters;
        this.properties = properties;
        this.submitter = submitter;
        this.dropped = meters.counter("gateway.live.events.dropped");
        this.followed = Mono.fromCallable(journal::lastDeadLetterId)
                .subscribeOn(Schedulers.boundedElastic())
                .flatMapMany(lastDeadLetterId -> {
                    Follower follower = new Follower(lastDeadLetterId, totals(), clock.instant());
                    // A tick that comes while the last one still reads the journal is dropped.
                    return Flux.interval(properties.snapshotInterval())
                            .onBackpressureDrop()
                            .concatMap(
                                    tick -> Mono.fromCallable(follower::next)
                                            .subscribeOn(Schedulers.boundedElastic())
                                            .onErrorResume(e -> {
                                                log.warn(
                                                        "live feed: reading the journal failed, skipping a snapshot: {}",
                                                        e.getMessage());
                                                return Mono.empty();
                                            }),
                                    1);
                })
                .flatMapIterable(events -> events)
                .publish()
                .refCount();
    }

    /** Every event from now on, for one client, bounded as described above; completes at shutdown. */
    public Flux<LiveEvent> events() {
        return bounded(Flux.merge(followed, robotChanges.asFlux()), properties.clientBuffer(), dropped::increment)
                .takeUntilOther(closing.asMono());
    }

    /** Keeps at most {@code capacity} undelivered events, dropping the oldest when full. */
    static Flux<LiveEvent> bounded(Flux<LiveEvent> events, int capacity, Runnable onDrop) {
        return events.onBackpressureBuffer(capacity, overflowed -> onDrop.run(), BufferOverflowStrategy.DROP_OLDEST);
    }

    @EventListener
    synchronized void robotChanged(RobotStatusChanged change) {
        // Serialised by the lock; no subscriber is a normal outcome.
        robotChanges.tryEmitNext(LiveEvent.robot(change));
    }

    // Ends open streams before the web server's graceful shutdown, which would wait for them.
    @Override
    public void start() {
        running = true;
    }

    @Override
    public void stop() {
        running = false;
        closing.tryEmitValue(true);
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    private record Totals(double readings, double envelopes, Map<String, Double> rejected) {}

    private Totals totals() {
        Map<String, Double> rejected = new TreeMap<>();
        for (RejectionReason reason : RejectionReason.values()) {
            Counter counter = meters.find("gateway.messages.rejected")
                    .tag("reason", reason.name())
                    .counter();
            rejected.put(reason.name(), counter == null ? 0 : counter.count());
        }
        return new Totals(count("gateway.journal.readings"), count("gateway.journal.envelopes"), rejected);
    }

    private double count(String name) {
        Counter counter = meters.find(name).counter();
        return counter == null ? 0 : counter.count();
    }

    private long pendingReadings() {
        Gauge gauge = meters.find("gateway.readings.pending").gauge();
        return gauge == null ? 0 : (long) gauge.value();
    }

    /** The state between two ticks; used by one tick at a time. */
    private final class Follower {

        private long lastDeadLetterId;
        private Totals previous;
        private Instant previousAt;

        Follower(long lastDeadLetterId, Totals previous, Instant previousAt) {
            this.lastDeadLetterId = lastDeadLetterId;
            this.previous = previous;
            this.previousAt = previousAt;
        }

        List<LiveEvent> next() {
            Instant now = clock.instant();
            Totals current = totals();
            AnchorBatchCounts batches = journal.anchorBatchCounts();
            List<DeadLetter> rejected = journal.deadLettersAfter(lastDeadLetterId, properties.rejectionsPerSnapshot());
            long millis = Math.max(1, Duration.between(previousAt, now).toMillis());
            double seconds = millis / 1000.0;
            Map<String, Long> rejectedInInterval = new TreeMap<>();
            Map<String, Long> rejectedSinceStart = new TreeMap<>();
            current.rejected().forEach((reason, total) -> {
                rejectedSinceStart.put(reason, Math.round(total));
                rejectedInInterval.put(
                        reason, Math.round(total - previous.rejected().getOrDefault(reason, 0.0)));
            });
            IngestionSnapshot snapshot = new IngestionSnapshot(
                    now,
                    millis,
                    (current.readings() - previous.readings()) / seconds,
                    (current.envelopes() - previous.envelopes()) / seconds,
                    rejectedInInterval,
                    rejectedSinceStart,
                    pendingReadings(),
                    batches,
                    submitter.getIfAvailable() != null);
            previous = current;
            previousAt = now;
            List<LiveEvent> events = new ArrayList<>(1 + rejected.size());
            events.add(LiveEvent.snapshot(snapshot));
            rejected.forEach(deadLetter -> events.add(LiveEvent.rejected(deadLetter)));
            if (!rejected.isEmpty()) {
                lastDeadLetterId = rejected.get(rejected.size() - 1).id();
            }
            return events;
        }
    }
}
