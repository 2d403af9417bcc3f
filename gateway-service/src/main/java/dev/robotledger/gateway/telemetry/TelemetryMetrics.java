package dev.robotledger.gateway.telemetry;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.springframework.stereotype.Component;

/**
 * Batching and anchoring figures: batches built and anchored, readings still waiting for a batch
 * (the anchoring backlog), how long an anchor takes from submission to commit, failed submissions
 * by reason, whether the ledger answered the last call, the current back-off, and how many anchors
 * are in flight.
 */
@Component
class TelemetryMetrics {

    private final Counter batchesBuilt;
    private final Counter batchedReadings;
    private final Counter batchesAnchored;
    private final Timer submissionLatency;
    private final Map<AnchorFailure, Counter> submissionFailures = new EnumMap<>(AnchorFailure.class);
    private final AtomicLong pendingReadings = new AtomicLong();
    private final AtomicLong ledgerReachable = new AtomicLong();
    private final AtomicLong backoffMillis = new AtomicLong();
    private final AtomicLong inFlight = new AtomicLong();

    TelemetryMetrics(MeterRegistry registry) {
        batchesBuilt = registry.counter("gateway.anchor.batches.built");
        batchedReadings = registry.counter("gateway.anchor.batched.readings");
        batchesAnchored = registry.counter("gateway.anchor.batches.anchored");
        submissionLatency = Timer.builder("gateway.anchor.submission.latency")
                .description("from endorsement request to committed anchor, per batch anchored")
                .register(registry);
        // Every reason from the start, so a rate over a reason that has not happened yet is 0, not absent.
        for (AnchorFailure reason : AnchorFailure.values()) {
            submissionFailures.put(
                    reason,
                    Counter.builder("gateway.anchor.submission.failures")
                            .tag("reason", reason.name())
                            .register(registry));
        }
        Gauge.builder("gateway.readings.pending", pendingReadings, AtomicLong::get)
                .register(registry);
        Gauge.builder("gateway.ledger.reachable", ledgerReachable, AtomicLong::get)
                .description(
                        "1 when the peer answered the last ledger call, 0 when it was unreachable or not called yet")
                .register(registry);
        Gauge.builder("gateway.anchor.batches.in.flight", inFlight, AtomicLong::get)
                .description("anchor transactions endorsed or ordered and not yet known committed")
                .register(registry);
        Gauge.builder("gateway.anchor.submission.backoff", backoffMillis, millis -> millis.get() / 1000.0)
                .baseUnit("seconds")
                .description("pause before the next submission attempt after failures; 0 while anchors go through")
                .register(registry);
    }

    void built(AnchorBatch batch) {
        batchesBuilt.increment();
        batchedReadings.increment(batch.readingCount());
    }

    void anchored(Duration took) {
        batchesAnchored.increment();
        submissionLatency.record(took);
        ledgerReachable.set(1);
        backoffMillis.set(0);
    }

    void submissionFailed(AnchorFailure reason, Duration backoff) {
        submissionFailures.get(reason).increment();
        if (reason == AnchorFailure.LEDGER_UNREACHABLE) {
            ledgerReachable.set(0);
        } else if (reason != AnchorFailure.UNEXPECTED) {
            ledgerReachable.set(1);
        }
        backoffMillis.set(backoff.toMillis());
    }

    void inFlight(long count) {
        inFlight.set(count);
    }

    void pendingReadings(long count) {
        pendingReadings.set(count);
    }
}
