package dev.robotledger.gateway.production;

import dev.robotledger.gateway.ledger.ChaincodeRefusedException;
import dev.robotledger.gateway.ledger.CommitFailedException;
import dev.robotledger.gateway.ledger.LedgerException;
import dev.robotledger.gateway.ledger.PollingThread;
import dev.robotledger.gateway.ledger.RetryBackoff;
import dev.robotledger.gateway.production.ContractRequest.TelemetryAnchorRef;
import dev.robotledger.wire.message.Envelope;
import dev.robotledger.wire.message.WireFormatException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Records journaled production events on the ledger, one transaction each, in journal order
 * (an assembly consumes parts that other robots' earlier events produced), on its own thread.
 * Without a {@link ProductionLedger} (no peer configured) events stay pending and only the
 * pending gauge moves.
 *
 * <p>Each event ends COMMITTED or REFUSED in the journal. A refusal (by the contract's rules
 * applied here, or by the ledger) is recorded and the next event goes on. A failure a retry can
 * cure (peer unreachable, conflicts past the bound, a lost commit status) leaves the event and
 * every later one pending and pauses with a bounded exponential back-off; the next attempt starts
 * again at the oldest pending event. All state is in the journal, so a restart resumes where the
 * last commit left off, and an event whose commit answer was lost is resent under the same event
 * id, which the ledger answers as a replay.
 *
 * <p>A production that names its telemetry window is sent only once the batch holding that window
 * is anchored on the ledger, with that anchor ({@code telemetryAnchor}) in its request. Until then
 * it and every later event stay pending ({@link ProductionWait}, the waiting gauge) and the next
 * round looks again after the poll interval; this is no failure, so there is no back-off. A window
 * the journal does not hold, or an envelope that is not a window, is refused by the gateway:
 * the journal takes a robot's envelopes in sequence order, so a window numbered before the event
 * and missing now will never come.
 */
@Component
class ProductionSubmitter implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(ProductionSubmitter.class);
    private static final int EVENTS_PER_ROUND = 100;
    /** Refusal code: the production names a window of its robot that the journal does not hold. */
    static final String TELEMETRY_WINDOW_NOT_JOURNALED = "TELEMETRY_WINDOW_NOT_JOURNALED";
    /** Refusal code: the production names an envelope of its robot that is not a telemetry window. */
    static final String NOT_A_TELEMETRY_WINDOW = "NOT_A_TELEMETRY_WINDOW";

    private final ProductionEvents events;
    private final ObjectProvider<ProductionLedger> ledger;
    private final ProductionMetrics metrics;
    private final ProductionProperties properties;
    private final ProductionWait wait;
    private final Clock clock;
    private final RetryBackoff backoff;
    private final PollingThread thread;
    // Only the submitter thread touches these.
    private Instant nextAttemptAt = Instant.MIN;
    private boolean heldForAnchor;

    @Autowired
    ProductionSubmitter(ProductionEvents events, ObjectProvider<ProductionLedger> ledger, ProductionMetrics metrics,
                        ProductionProperties properties, ProductionWait wait) {
        this(events, ledger, metrics, properties, wait, Clock.systemUTC());
    }

    ProductionSubmitter(ProductionEvents events, ObjectProvider<ProductionLedger> ledger, ProductionMetrics metrics,
                        ProductionProperties properties, ProductionWait wait, Clock clock) {
        this.events = events;
        this.ledger = ledger;
        this.metrics = metrics;
        this.properties = properties;
        this.wait = wait;
        this.clock = clock;
        this.backoff = new RetryBackoff(properties.submitRetryInitial(), properties.submitRetryMax());
        this.thread = new PollingThread("production-submitter", properties.pollInterval(), this::round);
    }

    @Override
    public void start() {
        thread.start();
    }

    /** One pass: every pending event in journal order until one fails for now. Never throws. */
    void round() {
        try {
            ProductionLedger target = ledger.getIfAvailable();
            if (target != null && !clock.instant().isBefore(nextAttemptAt)) {
                submitPending(target);
            }
            metrics.pending(events.pendingCount());
        } catch (RuntimeException e) {
            // The journal itself failed (a database outage): pause like for the ledger, so an event
            // committed but not yet recorded is not replayed on every poll; then start over from the journal.
            Duration pause = backoff.failed();
            nextAttemptAt = clock.instant().plus(pause);
            metrics.failed(SubmissionFailure.UNEXPECTED, pause);
            log.error("production event round failed: {}; next attempt in {}", e.getMessage(), pause, e);
        }
    }

    private void submitPending(ProductionLedger target) {
        heldForAnchor = false;
        try {
            List<ProductionEvents.Pending> batch;
            do {
                batch = events.pending(EVENTS_PER_ROUND);
                for (ProductionEvents.Pending pending : batch) {
                    if (!submit(target, pending)) {
                        return;
                    }
                }
            } while (batch.size() == EVENTS_PER_ROUND);
        } finally {
            if (!heldForAnchor) {
                wait.clear();
                metrics.waitingForAnchor(Duration.ZERO);
            }
        }
    }

    /** False when the event stays pending and the loop must pause. */
    private boolean submit(ProductionLedger target, ProductionEvents.Pending pending) {
        ProductionEvent event;
        try {
            event = ProductionRequests.event(pending.envelopeId(), Envelope.parse(pending.body(), pending.body().length));
        } catch (InvalidProductionEventException e) {
            refuse(pending.envelopeId(), null, RefusedBy.GATEWAY, e.code(), e.getMessage());
            return true;
        } catch (WireFormatException e) {
            // It passed verification when journaled; only a damaged journal row can get here.
            refuse(pending.envelopeId(), null, RefusedBy.GATEWAY, "UNREADABLE_ENVELOPE", e.getMessage());
            return true;
        }
        if (event.window() != null) {
            NamedWindow named = events.namedWindow(event.robotId(), event.window().seq());
            String window = "telemetry window " + event.robotId() + "/" + event.window().seq();
            switch (named.status()) {
                case NOT_JOURNALED -> {
                    refuse(event.envelopeId(), event.eventId(), RefusedBy.GATEWAY, TELEMETRY_WINDOW_NOT_JOURNALED,
                            event.describe() + " names " + window + ", which this gateway never journaled (lost,"
                                    + " dead-lettered, or sent after the event); its production cannot be anchored");
                    return true;
                }
                case NOT_A_WINDOW -> {
                    refuse(event.envelopeId(), event.eventId(), RefusedBy.GATEWAY, NOT_A_TELEMETRY_WINDOW,
                            event.describe() + " names " + event.robotId() + "/" + event.window().seq()
                                    + " as its telemetry window, but that envelope is a " + named.messageType());
                    return true;
                }
                case NOT_BATCHED, BATCH_NOT_ANCHORED -> {
                    return waitForAnchor(event, named, window);
                }
                case ANCHORED -> event = event.withTelemetryAnchor(
                        new TelemetryAnchorRef(Long.toString(named.batchId()), named.merkleRoot().hex()));
            }
        }
        long started = System.nanoTime();
        ProductionReceipt receipt;
        try {
            receipt = target.record(event);
        } catch (LedgerException e) {
            if (e.retryable()) {
                return failed(event, SubmissionFailure.of(e), e);
            }
            refuse(event.envelopeId(), event.eventId(), RefusedBy.LEDGER, refusalCode(e), e.getMessage());
            backoff.succeeded();
            return true;
        } catch (RuntimeException e) {
            return failed(event, SubmissionFailure.UNEXPECTED, e);
        }
        if (!events.markCommitted(event.envelopeId(), event.eventId(), receipt, clock.instant())) {
            log.warn("{} was already decided by another gateway; committed again in {}", event.describe(),
                    receipt.transactionId());
        }
        backoff.succeeded();
        metrics.committed(Duration.ofNanos(System.nanoTime() - started));
        log.debug("{} committed in transaction {}, block {}", event.describe(), receipt.transactionId(),
                receipt.blockNumber());
        return true;
    }

    /** Holds the event (and every later one) until its window's batch is anchored: false, so the round ends. */
    private boolean waitForAnchor(ProductionEvent event, NamedWindow named, String window) {
        Instant now = clock.instant();
        String reason = "waits for the anchor of " + window + ": " + (named.status() == NamedWindow.Status.NOT_BATCHED
                ? "the window is not yet sealed into an anchor batch"
                : "its batch " + named.batchId() + " is " + named.batchState() + ", not yet on the ledger");
        ProductionWait.Waiting earlier = wait.current()
                .filter(waiting -> waiting.envelopeId() == event.envelopeId()).orElse(null);
        if (earlier == null) {
            metrics.heldForAnchor();
            log.info("{} and every later production event wait: it {}", event.describe(), reason);
        }
        Instant since = earlier == null ? now : earlier.since();
        wait.waiting(new ProductionWait.Waiting(event.envelopeId(), event.eventId(), reason, since));
        metrics.waitingForAnchor(Duration.between(since, now));
        heldForAnchor = true;
        return false;
    }

    /** The contract's error code, or the Fabric validation code of a transaction committed invalid. */
    private static String refusalCode(LedgerException refusal) {
        if (refusal instanceof ChaincodeRefusedException refused) {
            return refused.code().name();
        }
        if (refusal instanceof CommitFailedException invalid) {
            return invalid.validationCode();
        }
        throw new IllegalArgumentException("not a refusal: " + refusal.getMessage(), refusal);
    }

    private void refuse(long envelopeId, String eventId, RefusedBy by, String code, String message) {
        if (events.markRefused(envelopeId, eventId, by, code, message, clock.instant())) {
            metrics.refused(by, code);
        }
        log.warn("production event of envelope {} refused by the {} ({}): {}", envelopeId, by, code, message);
    }

    private boolean failed(ProductionEvent event, SubmissionFailure reason, Exception cause) {
        Duration pause = backoff.failed();
        nextAttemptAt = clock.instant().plus(pause);
        metrics.failed(reason, pause);
        String message = "{} and every later production event stay pending ({}): {}; next attempt in {}";
        // Outages are expected and retried: one line each; anything else keeps its stack trace.
        if (reason == SubmissionFailure.LEDGER_UNREACHABLE || reason == SubmissionFailure.CHAINCODE_UNAVAILABLE) {
            log.warn(message, event.describe(), reason, cause.getMessage(), pause);
        } else {
            log.error(message, event.describe(), reason, cause.getMessage(), pause, cause);
        }
        return false;
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
