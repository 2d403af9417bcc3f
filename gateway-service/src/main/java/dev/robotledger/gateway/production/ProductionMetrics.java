package dev.robotledger.gateway.production;

import dev.robotledger.contract.ErrorCode;
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
 * Production events on their way to the ledger: committed, refused by code, still pending, how
 * long a submission takes to commit, submissions that failed for now by reason, the back-off, and
 * how long the oldest pending event has been held for the anchor of the window it names, and how
 * many are in flight (endorsed or ordered, commit status not yet known).
 */
@Component
class ProductionMetrics {

    static final String REFUSED = "gateway.production.events.refused";

    private final MeterRegistry registry;
    private final Counter committed;
    private final Timer latency;
    private final Map<SubmissionFailure, Counter> failures = new EnumMap<>(SubmissionFailure.class);
    private final AtomicLong pending = new AtomicLong();
    private final AtomicLong inFlight = new AtomicLong();
    private final AtomicLong backoffMillis = new AtomicLong();
    private final AtomicLong waitingForAnchorMillis = new AtomicLong();
    private final Counter heldForAnchor;

    ProductionMetrics(MeterRegistry registry) {
        this.registry = registry;
        committed = Counter.builder("gateway.production.events.committed")
                .description("production events committed on the ledger (a replay of an earlier commit included)")
                .register(registry);
        latency = Timer.builder("gateway.production.submission.latency")
                .description("from endorsement request to commit, per production event committed")
                .register(registry);
        // The codes that need no ledger to happen exist from the start, so a rate over them is 0, not absent.
        refusedCounter(RefusedBy.GATEWAY, ErrorCode.INVALID_ARGUMENT.name());
        refusedCounter(RefusedBy.GATEWAY, ErrorCode.ASSEMBLY_CYCLE.name());
        refusedCounter(RefusedBy.GATEWAY, ProductionSubmitter.TELEMETRY_WINDOW_NOT_JOURNALED);
        refusedCounter(RefusedBy.GATEWAY, ProductionSubmitter.NOT_A_TELEMETRY_WINDOW);
        refusedCounter(RefusedBy.GATEWAY, ProductionSubmitter.DEPENDS_ON_REFUSED_EVENT);
        for (SubmissionFailure reason : SubmissionFailure.values()) {
            failures.put(
                    reason,
                    Counter.builder("gateway.production.submission.failures")
                            .tag("reason", reason.name())
                            .register(registry));
        }
        Gauge.builder("gateway.production.events.pending", pending, AtomicLong::get)
                .description("journaled production events not yet committed or refused")
                .register(registry);
        Gauge.builder("gateway.production.events.in.flight", inFlight, AtomicLong::get)
                .description("production events endorsed or ordered and not yet known committed or refused")
                .register(registry);
        Gauge.builder("gateway.production.submission.backoff", backoffMillis, millis -> millis.get() / 1000.0)
                .baseUnit("seconds")
                .description(
                        "pause before the next production-event submission after failures; 0 while they go through")
                .register(registry);
        Gauge.builder("gateway.production.waiting.for.anchor", waitingForAnchorMillis, millis -> millis.get() / 1000.0)
                .baseUnit("seconds")
                .description("how long the oldest pending production event held for the anchor of the telemetry window"
                        + " it names has waited; 0 when none is held")
                .register(registry);
        heldForAnchor = Counter.builder("gateway.production.events.held.for.anchor")
                .description("production events that had to wait for the anchor of the telemetry window they name")
                .register(registry);
    }

    private Counter refusedCounter(RefusedBy by, String code) {
        return Counter.builder(REFUSED)
                .tag("by", by.name())
                .tag("code", code)
                .description("production events refused for good, by who refused and code")
                .register(registry);
    }

    void committed(Duration took) {
        committed.increment();
        latency.record(took);
        backoffMillis.set(0);
    }

    void refused(RefusedBy by, String code) {
        refusedCounter(by, code).increment();
    }

    void failed(SubmissionFailure reason, Duration backoff) {
        failures.get(reason).increment();
        backoffMillis.set(backoff.toMillis());
    }

    void heldForAnchor() {
        heldForAnchor.increment();
    }

    void waitingForAnchor(Duration waited) {
        waitingForAnchorMillis.set(waited.toMillis());
    }

    void pending(long count) {
        pending.set(count);
    }

    void inFlight(long count) {
        inFlight.set(count);
    }
}
