package dev.robotledger.gateway.ingestion;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.EnumMap;
import java.util.Map;
import org.springframework.stereotype.Component;

/** Ingestion counters, exported at {@code /actuator/prometheus} as {@code gateway_messages_*}. */
@Component
public class IngestionMetrics {

    private final Counter received;
    private final Counter accepted;
    private final Counter duplicates;
    private final Counter journaledEnvelopes;
    private final Counter journaledReadings;
    private final Counter gaps;
    private final Counter gapsFilled;
    private final Counter commitFailures;
    private final Counter queueOverflows;
    private final Counter queueRefusals;
    private final Map<RejectionReason, Counter> rejected = new EnumMap<>(RejectionReason.class);

    public IngestionMetrics(MeterRegistry registry, IngestionQueue queue) {
        received = registry.counter("gateway.messages.received");
        accepted = registry.counter("gateway.messages.accepted");
        duplicates = registry.counter("gateway.messages.duplicates");
        journaledEnvelopes = registry.counter("gateway.journal.envelopes");
        journaledReadings = registry.counter("gateway.journal.readings");
        gaps = registry.counter("gateway.sequence.gaps");
        gapsFilled = registry.counter("gateway.sequence.gaps.filled");
        commitFailures = registry.counter("gateway.journal.commit.failures");
        queueOverflows = registry.counter("gateway.ingestion.queue.overflowed");
        queueRefusals = registry.counter("gateway.ingestion.queue.refused");
        for (RejectionReason reason : RejectionReason.values()) {
            rejected.put(
                    reason,
                    Counter.builder("gateway.messages.rejected")
                            .tag("reason", reason.name())
                            .register(registry));
        }
        Gauge.builder("gateway.ingestion.queue.depth", queue, IngestionQueue::size)
                .register(registry);
    }

    public void received() {
        received.increment();
    }

    public void queueOverflow() {
        queueOverflows.increment();
    }

    /** A delivery the full queue could not take; the broker sends it again after a reconnect. */
    public void queueRefused() {
        queueRefusals.increment();
    }

    void accepted(int envelopes, long readings) {
        accepted.increment(envelopes);
        journaledEnvelopes.increment(envelopes);
        journaledReadings.increment(readings);
    }

    void rejected(RejectionReason reason) {
        rejected.get(reason).increment();
    }

    void duplicate() {
        duplicates.increment();
    }

    void gap() {
        gaps.increment();
    }

    /** A number of a recorded gap came late and was journaled. */
    void gapFilled() {
        gapsFilled.increment();
    }

    void commitFailed() {
        commitFailures.increment();
    }
}
