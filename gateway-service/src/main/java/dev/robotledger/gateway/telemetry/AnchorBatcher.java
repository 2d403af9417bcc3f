package dev.robotledger.gateway.telemetry;

import dev.robotledger.gateway.ledger.LedgerException;
import dev.robotledger.gateway.ledger.PollingThread;
import dev.robotledger.gateway.ledger.RetryBackoff;
import dev.robotledger.gateway.ledger.SubmissionPipeline;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Seals journaled telemetry windows into anchor batches by size or age, on its own thread.
 * When an {@link AnchorSubmitter} is configured it then submits the pending batches, oldest first,
 * up to {@code gateway.anchoring.max-in-flight} at once ({@link SubmissionPipeline}: batches are
 * independent, so their anchors share blocks), and records their receipts; without one batches
 * wait in state PENDING_SUBMISSION, and nothing claims they are anchored.
 *
 * <p>A failed submission leaves its batch pending, paused by the pipeline's back-off; sealing and
 * the other batches go on, so ingestion never waits for the ledger. While the ledger fails, one
 * batch at a time probes it; the first success reopens every slot.
 */
@Component
class AnchorBatcher implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(AnchorBatcher.class);
    private static final int SUBMISSIONS_PER_ROUND = 1_000;

    private final AnchorBatches batches;
    private final AnchoringProperties properties;
    private final ObjectProvider<AnchorSubmitter> submitter;
    private final TelemetryMetrics metrics;
    private final PollingThread thread;
    private final ExecutorService executor;
    private final SubmissionPipeline pipeline;

    AnchorBatcher(
            AnchorBatches batches,
            AnchoringProperties properties,
            ObjectProvider<AnchorSubmitter> submitter,
            TelemetryMetrics metrics) {
        this.batches = batches;
        this.properties = properties;
        this.submitter = submitter;
        this.metrics = metrics;
        this.thread = new PollingThread("anchor-batcher", properties.pollInterval(), this::round);
        this.executor = SubmissionPipeline.threads("anchor-submit", properties.maxInFlight());
        this.pipeline = new SubmissionPipeline(
                properties.maxInFlight(),
                new RetryBackoff(properties.submitRetryInitial(), properties.submitRetryMax()),
                Clock.systemUTC(),
                executor,
                thread::wakeUp);
    }

    @Override
    public void start() {
        thread.start();
    }

    // Never throws: a failed round is logged and the next one starts over from the journal.
    private void round() {
        try {
            sealReadyBatches();
            AnchorSubmitter anchor = submitter.getIfAvailable();
            if (anchor != null && pipeline.freeSlots() > 0) {
                submitPending(anchor);
            }
        } catch (Exception e) {
            log.error("anchor batching round failed: {}", e.getMessage(), e);
        } finally {
            metrics.inFlight(pipeline.inFlightCount());
        }
    }

    private void sealReadyBatches() throws Exception {
        Optional<AnchorBatch> sealed;
        do {
            sealed = batches.sealNext(properties.maxReadings(), properties.maxAge(), Instant.now());
            sealed.ifPresent(metrics::built);
        } while (sealed.isPresent());
        metrics.pendingReadings(batches.pendingReadings());
    }

    private void submitPending(AnchorSubmitter anchor) {
        pipeline.snapshot();
        for (AnchorBatch batch : batches.pendingSubmission(SUBMISSIONS_PER_ROUND)) {
            if (pipeline.freeSlots() == 0) {
                return;
            }
            pipeline.start(batch.batchId(), job -> submit(anchor, batch, job));
        }
    }

    /** On a pipeline thread: one anchor to the ledger and its receipt into the journal. */
    private void submit(AnchorSubmitter anchor, AnchorBatch batch, SubmissionPipeline.Job job) {
        long started = System.nanoTime();
        AnchorReceipt receipt;
        try {
            receipt = anchor.submit(batch);
            batches.markAnchored(batch.batchId(), receipt);
        } catch (LedgerException e) {
            failed(batch, AnchorFailure.of(e), e, job);
            return;
        } catch (RuntimeException e) {
            failed(batch, AnchorFailure.UNEXPECTED, e, job);
            return;
        }
        pipeline.succeeded(job);
        metrics.anchored(Duration.ofNanos(System.nanoTime() - started));
        log.debug(
                "batch {} anchored in transaction {}, block {}",
                batch.batchId(),
                receipt.transactionId(),
                receipt.blockNumber());
    }

    private void failed(AnchorBatch batch, AnchorFailure reason, Exception cause, SubmissionPipeline.Job job) {
        Duration pause = pipeline.retryLater(job);
        metrics.submissionFailed(reason, pause);
        String message = "batch {} stays pending submission ({}): {}; next attempt in {}";
        // The ledger's answers are named in full in the message (peer, status, what each peer said), so
        // a refusal retried every few seconds costs one line each; only a fault of ours keeps its trace.
        if (reason == AnchorFailure.LEDGER_UNREACHABLE) {
            log.warn(message, batch.batchId(), reason, cause.getMessage(), pause);
        } else if (reason != AnchorFailure.UNEXPECTED) {
            log.error(message, batch.batchId(), reason, cause.getMessage(), pause);
        } else {
            log.error(message, batch.batchId(), reason, cause.getMessage(), pause, cause);
        }
    }

    @Override
    public void stop() {
        thread.stop();
        // Anchors in flight finish (or fail) and are journaled; what is left is pending for the next start.
        executor.shutdown();
        try {
            executor.awaitTermination(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public boolean isRunning() {
        return thread.isRunning();
    }
}
