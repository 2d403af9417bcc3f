package dev.robotledger.gateway.telemetry;

import dev.robotledger.gateway.ledger.LedgerException;
import dev.robotledger.gateway.ledger.PollingThread;
import dev.robotledger.gateway.ledger.RetryBackoff;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Seals journaled telemetry windows into anchor batches by size or age, on its own thread.
 * When an {@link AnchorSubmitter} is configured it then submits the pending batches one by one,
 * oldest first, and records their receipts; without one batches wait in state
 * PENDING_SUBMISSION, and nothing claims they are anchored.
 *
 * <p>A failed submission leaves its batch (and every later one) pending and pauses submitting
 * with a bounded exponential back-off; sealing goes on meanwhile, so ingestion never waits for
 * the ledger. The next attempt starts again with the oldest pending batch, so batches reach the
 * ledger in batch order.
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
    private final RetryBackoff backoff;
    private final PollingThread thread;
    // Only the batcher thread touches these.
    private Instant nextSubmissionAt = Instant.MIN;

    AnchorBatcher(AnchorBatches batches, AnchoringProperties properties, ObjectProvider<AnchorSubmitter> submitter,
                  TelemetryMetrics metrics) {
        this.batches = batches;
        this.properties = properties;
        this.submitter = submitter;
        this.metrics = metrics;
        this.clock = Clock.systemUTC();
        this.backoff = new RetryBackoff(properties.submitRetryInitial(), properties.submitRetryMax());
        this.thread = new PollingThread("anchor-batcher", properties.pollInterval(), this::round);
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
            if (anchor != null && !clock.instant().isBefore(nextSubmissionAt)) {
                submitPending(anchor);
            }
        } catch (Exception e) {
            log.error("anchor batching round failed: {}", e.getMessage(), e);
        }
    }

    private void sealReadyBatches() throws Exception {
        Optional<AnchorBatch> sealed;
        do {
            sealed = batches.sealNext(properties.maxReadings(), properties.maxAge(), clock.instant());
            sealed.ifPresent(metrics::built);
        } while (sealed.isPresent());
        metrics.pendingReadings(batches.pendingReadings());
    }

    private void submitPending(AnchorSubmitter anchor) throws Exception {
        for (AnchorBatch batch : batches.pendingSubmission(SUBMISSIONS_PER_ROUND)) {
            long started = System.nanoTime();
            AnchorReceipt receipt;
            try {
                receipt = anchor.submit(batch);
                batches.markAnchored(batch.batchId(), receipt);
            } catch (LedgerException e) {
                failed(batch, AnchorFailure.of(e), e);
                return;
            } catch (RuntimeException e) {
                failed(batch, AnchorFailure.UNEXPECTED, e);
                return;
            }
            backoff.succeeded();
            metrics.anchored(Duration.ofNanos(System.nanoTime() - started));
            log.debug("batch {} anchored in transaction {}, block {}", batch.batchId(), receipt.transactionId(),
                    receipt.blockNumber());
            // A commit takes about a block time: keep sealing between submissions so a long
            // catch-up does not hold back new batches or the backlog gauge.
            sealReadyBatches();
        }
    }

    private void failed(AnchorBatch batch, AnchorFailure reason, Exception cause) {
        Duration pause = backoff.failed();
        nextSubmissionAt = clock.instant().plus(pause);
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
    }

    @Override
    public boolean isRunning() {
        return thread.isRunning();
    }
}
