package dev.robotledger.gateway.telemetry;

import java.time.Clock;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Seals journaled telemetry windows into anchor batches by size or age, on its own thread.
 * When an {@link AnchorSubmitter} is configured it then submits the pending batches one by one
 * and records their receipts; without one (today: no Fabric adapter exists) batches wait in
 * state PENDING_SUBMISSION, and nothing claims they are anchored.
 */
@Component
class AnchorBatcher implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(AnchorBatcher.class);
    private static final int SUBMISSIONS_PER_ROUND = 100;

    private final AnchorBatches batches;
    private final AnchoringProperties properties;
    private final ObjectProvider<AnchorSubmitter> submitter;
    private final TelemetryMetrics metrics;
    private final Clock clock;
    private ScheduledExecutorService scheduler;

    AnchorBatcher(AnchorBatches batches, AnchoringProperties properties, ObjectProvider<AnchorSubmitter> submitter,
                  TelemetryMetrics metrics) {
        this.batches = batches;
        this.properties = properties;
        this.submitter = submitter;
        this.metrics = metrics;
        this.clock = Clock.systemUTC();
    }

    @Override
    public void start() {
        scheduler = Executors.newSingleThreadScheduledExecutor(runnable -> new Thread(runnable, "anchor-batcher"));
        long period = properties.pollInterval().toMillis();
        scheduler.scheduleWithFixedDelay(this::round, period, period, TimeUnit.MILLISECONDS);
    }

    // Never throws: a failed round is logged and the next one starts over from the journal.
    private void round() {
        try {
            Optional<AnchorBatch> sealed;
            do {
                sealed = batches.sealNext(properties.maxReadings(), properties.maxAge(), clock.instant());
                sealed.ifPresent(metrics::built);
            } while (sealed.isPresent());
            metrics.pendingReadings(batches.pendingReadings());
            AnchorSubmitter anchor = submitter.getIfAvailable();
            if (anchor != null) {
                for (AnchorBatch batch : batches.pendingSubmission(SUBMISSIONS_PER_ROUND)) {
                    batches.markAnchored(batch.batchId(), anchor.submit(batch));
                    metrics.anchored();
                }
            }
        } catch (Exception e) {
            log.error("anchor batching round failed: {}", e.getMessage(), e);
        }
    }

    @Override
    public void stop() {
        if (scheduler != null) {
            scheduler.shutdown();
            try {
                scheduler.awaitTermination(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            scheduler = null;
        }
    }

    @Override
    public boolean isRunning() {
        return scheduler != null;
    }
}
