package dev.robotledger.gateway.telemetry;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.concurrent.atomic.AtomicLong;
import org.springframework.stereotype.Component;

/** Batching figures: batches built and readings still waiting for a batch (the anchoring backlog). */
@Component
class TelemetryMetrics {

    private final Counter batchesBuilt;
    private final Counter batchedReadings;
    private final Counter batchesAnchored;
    private final AtomicLong pendingReadings = new AtomicLong();

    TelemetryMetrics(MeterRegistry registry) {
        batchesBuilt = registry.counter("gateway.anchor.batches.built");
        batchedReadings = registry.counter("gateway.anchor.batched.readings");
        batchesAnchored = registry.counter("gateway.anchor.batches.anchored");
        Gauge.builder("gateway.readings.pending", pendingReadings, AtomicLong::get).register(registry);
    }

    void built(AnchorBatch batch) {
        batchesBuilt.increment();
        batchedReadings.increment(batch.readingCount());
    }

    void anchored() {
        batchesAnchored.increment();
    }

    void pendingReadings(long count) {
        pendingReadings.set(count);
    }
}
