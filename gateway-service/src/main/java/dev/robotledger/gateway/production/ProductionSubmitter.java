package dev.robotledger.gateway.production;

import dev.robotledger.gateway.ledger.ChaincodeRefusedException;
import dev.robotledger.gateway.ledger.CommitFailedException;
import dev.robotledger.gateway.ledger.LedgerException;
import dev.robotledger.gateway.ledger.PollingThread;
import dev.robotledger.gateway.ledger.RetryBackoff;
import dev.robotledger.gateway.ledger.SubmissionPipeline;
import dev.robotledger.gateway.production.CausalOrder.Decision;
import dev.robotledger.gateway.production.ContractRequest.TelemetryAnchorRef;
import dev.robotledger.wire.message.Envelope;
import dev.robotledger.wire.message.WireFormatException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Records journaled production events on the ledger, one transaction each, many at once: up to
 * {@code gateway.production.max-in-flight} events are endorsed, ordered and awaited concurrently
 * ({@link SubmissionPipeline}), so independent events share blocks. Order is causal, not serial
 * ({@link CausalOrder}): an event waits only for the pending events it depends on (its good's
 * production, its parts' productions, earlier events of the same goods) and a production naming
 * its telemetry window for that window's anchor. An event whose good's production was refused is
 * refused by the gateway ({@value #DEPENDS_ON_REFUSED_EVENT}, "depends on refused event X") and
 * never sent. Without a {@link ProductionLedger} (no peer configured) events stay pending and only
 * the pending gauge moves.
 *
 * <p>A polling thread decides (a round: the oldest pending events, their dependencies, what may
 * start); the events go to the ledger on the pipeline's threads, each ending COMMITTED or REFUSED
 * in the journal. A failure a retry can cure (peer unreachable, conflicts past the bound, a commit
 * status not seen in time) leaves the event pending, paused by the pipeline's back-off, and its
 * dependents wait with it; everything else goes on. All state is in the journal, so a restart
 * resumes, and an event resent after a lost answer goes under the same event id, which the ledger
 * answers as a replay.
 *
 * <p>A production that names its telemetry window is sent only once the batch holding that window
 * is anchored, with that anchor ({@code telemetryAnchor}) in its request; until then it waits
 * ({@link ProductionWait}). A window the journal does not hold, or an envelope that is not a
 * window, is refused by the gateway: a sole journal writer takes a robot's envelopes in sequence
 * order, so a window numbered before the event and missing now will never come. Gateways sharing
 * a subscription take them out of order: there an event first waits for its robot's lower numbers
 * missing in a gap recorded less than {@value ProductionEvents#MISSING_NUMBER_WAIT_MINUTES} minutes
 * ago (its window, its good's production), which may still come through the other gateway.
 */
@Component
class ProductionSubmitter implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(ProductionSubmitter.class);
    /**
     * How many of the oldest pending events a round looks at. An event further on waits for a later
     * round even when nothing holds it; a round's cost grows with this.
     */
    static final int LOOKAHEAD = 2_000;
    /** Refusal code: the production names a window of its robot that the journal does not hold. */
    static final String TELEMETRY_WINDOW_NOT_JOURNALED = "TELEMETRY_WINDOW_NOT_JOURNALED";
    /** Refusal code: the production names an envelope of its robot that is not a telemetry window. */
    static final String NOT_A_TELEMETRY_WINDOW = "NOT_A_TELEMETRY_WINDOW";
    /** Refusal code: the production of a good the event names was refused, so the event is not sent. */
    static final String DEPENDS_ON_REFUSED_EVENT = "DEPENDS_ON_REFUSED_EVENT";

    private final ProductionEvents events;
    private final ObjectProvider<ProductionLedger> ledger;
    private final ProductionMetrics metrics;
    private final ProductionWait wait;
    private final Clock clock;
    private final RetryBackoff journalBackoff;
    private final PollingThread thread;
    private final ExecutorService ownExecutor;
    private final SubmissionPipeline pipeline;
    // Only the polling thread touches this.
    private Instant nextRoundAt = Instant.MIN;

    @Autowired
    ProductionSubmitter(
            ProductionEvents events,
            ObjectProvider<ProductionLedger> ledger,
            ProductionMetrics metrics,
            ProductionProperties properties,
            ProductionWait wait) {
        this(events, ledger, metrics, properties, wait, Clock.systemUTC(), null);
    }

    /** @param executor runs the submissions; {@code null} for a pool of {@code max-in-flight} threads of its own */
    ProductionSubmitter(
            ProductionEvents events,
            ObjectProvider<ProductionLedger> ledger,
            ProductionMetrics metrics,
            ProductionProperties properties,
            ProductionWait wait,
            Clock clock,
            Executor executor) {
        this.events = events;
        this.ledger = ledger;
        this.metrics = metrics;
        this.wait = wait;
        this.clock = clock;
        this.journalBackoff = new RetryBackoff(properties.submitRetryInitial(), properties.submitRetryMax());
        this.thread = new PollingThread("production-submitter", properties.pollInterval(), this::round);
        this.ownExecutor =
                executor == null ? SubmissionPipeline.threads("production-submit", properties.maxInFlight()) : null;
        this.pipeline = new SubmissionPipeline(
                properties.maxInFlight(),
                new RetryBackoff(properties.submitRetryInitial(), properties.submitRetryMax()),
                clock,
                executor == null ? ownExecutor : executor,
                thread::wakeUp);
    }

    @Override
    public void start() {
        thread.start();
    }

    /** One pass: decides every pending event in the look-ahead and starts those that may go. Never throws. */
    void round() {
        try {
            ProductionLedger target = ledger.getIfAvailable();
            if (target != null && !clock.instant().isBefore(nextRoundAt)) {
                schedule(target);
            }
            metrics.pending(events.pendingCount());
            journalBackoff.succeeded();
        } catch (RuntimeException e) {
            // The journal itself failed (a database outage): pause, then start over from the journal.
            Duration pause = journalBackoff.failed();
            nextRoundAt = clock.instant().plus(pause);
            metrics.failed(SubmissionFailure.UNEXPECTED, pause);
            log.error("production event round failed: {}; next attempt in {}", e.getMessage(), pause, e);
        } finally {
            metrics.inFlight(pipeline.inFlightCount());
        }
    }

    private void schedule(ProductionLedger target) {
        if (pipeline.freeSlots() == 0) {
            // Every slot is taken (or the ledger is paused): a round could start nothing, and each
            // finished job wakes the next one.
            return;
        }
        pipeline.snapshot();
        List<ProductionEvent> journaled = new ArrayList<>();
        for (ProductionEvents.Pending row : events.pending(LOOKAHEAD)) {
            parse(row).ifPresent(journaled::add);
        }
        List<ProductionEvent> pending = inRobotOrder(journaled);
        Map<ProductionEvent, Decision> decisions = CausalOrder.decide(pending, events::decidedProductions);
        Map<String, Long> awaited = events.awaitedNumbers(
                pending.stream().map(ProductionEvent::robotId).collect(Collectors.toSet()));
        Map<Long, ProductionWait.Waiting> held = new HashMap<>();
        Instant now = clock.instant();
        for (Map.Entry<ProductionEvent, Decision> entry : decisions.entrySet()) {
            ProductionEvent event = entry.getKey();
            if (pipeline.inFlight(event.envelopeId())) {
                continue;
            }
            Decision decision = entry.getValue();
            if (decision instanceof Decision.Refuse refuse) {
                refuseDependent(event, refuse.refusedEventId());
            } else if (decision instanceof Decision.Waits waits) {
                held.put(
                        event.envelopeId(),
                        waiting(event, "waits for " + String.join(", ", waits.eventIds()) + " (pending)", false, now));
            } else if (awaited.getOrDefault(event.robotId(), Long.MAX_VALUE) < event.seq()) {
                held.put(
                        event.envelopeId(),
                        waiting(
                                event,
                                "waits for " + event.robotId() + "/" + awaited.get(event.robotId())
                                        + ", missing from the journal: it may still come through another gateway",
                                false,
                                now));
            } else if (pipeline.freeSlots() > 0 && pipeline.mayStart(event.envelopeId())) {
                withAnchor(event, held, now)
                        .ifPresent(sendable ->
                                pipeline.start(sendable.envelopeId(), job -> submit(target, sendable, job)));
            } else {
                // Not looked at again until it may start: an anchor it waited for is still its reason.
                wait.of(event.envelopeId())
                        .filter(ProductionWait.Waiting::forAnchor)
                        .ifPresent(earlier -> held.put(event.envelopeId(), earlier));
            }
        }
        wait.replace(held);
        metrics.waitingForAnchor(held.values().stream()
                .filter(ProductionWait.Waiting::forAnchor)
                .map(waiting -> Duration.between(waiting.since(), now))
                .max(Duration::compareTo)
                .orElse(Duration.ZERO));
    }

    /**
     * Journal order, except that each robot's events keep the order of their sequence numbers: with
     * shared journal writers a robot's late number is journaled after its higher ones.
     */
    static List<ProductionEvent> inRobotOrder(List<ProductionEvent> journalOrder) {
        Map<String, List<ProductionEvent>> byRobot = new HashMap<>();
        journalOrder.forEach(event -> byRobot.computeIfAbsent(event.robotId(), robot -> new ArrayList<>())
                .add(event));
        Map<String, Iterator<ProductionEvent>> bySequence = new HashMap<>();
        byRobot.forEach((robot, events) -> {
            events.sort(Comparator.comparingLong(ProductionEvent::seq));
            bySequence.put(robot, events.iterator());
        });
        return journalOrder.stream()
                .map(event -> bySequence.get(event.robotId()).next())
                .toList();
    }

    /** The event, or empty when its envelope cannot be one (refused here). */
    private Optional<ProductionEvent> parse(ProductionEvents.Pending pending) {
        try {
            return Optional.of(ProductionRequests.event(
                    pending.envelopeId(), Envelope.parse(pending.body(), pending.body().length)));
        } catch (InvalidProductionEventException e) {
            refuse(pending.envelopeId(), null, RefusedBy.GATEWAY, e.code(), e.getMessage());
        } catch (WireFormatException e) {
            // It passed verification when journaled; only a damaged journal row can get here.
            refuse(pending.envelopeId(), null, RefusedBy.GATEWAY, "UNREADABLE_ENVELOPE", e.getMessage());
        }
        return Optional.empty();
    }

    private void refuseDependent(ProductionEvent event, String refusedEventId) {
        refuse(
                event.envelopeId(),
                event.eventId(),
                RefusedBy.GATEWAY,
                DEPENDS_ON_REFUSED_EVENT,
                event.describe() + " depends on refused event " + refusedEventId + ", the production of a good it"
                        + " names; it is not sent");
        pipeline.forget(event.envelopeId());
    }

    /**
     * The event ready to send, with its window's anchor when it names one; empty when it waits for
     * that anchor (recorded in {@code held}) or is refused for its window.
     */
    private Optional<ProductionEvent> withAnchor(
            ProductionEvent event, Map<Long, ProductionWait.Waiting> held, Instant now) {
        if (event.window() == null) {
            return Optional.of(event);
        }
        NamedWindow named = events.namedWindow(event.robotId(), event.window().seq());
        String window =
                "telemetry window " + event.robotId() + "/" + event.window().seq();
        switch (named.status()) {
            case NOT_JOURNALED ->
                refuse(
                        event.envelopeId(),
                        event.eventId(),
                        RefusedBy.GATEWAY,
                        TELEMETRY_WINDOW_NOT_JOURNALED,
                        event.describe() + " names " + window + ", which this gateway"
                                + " never journaled (lost, dead-lettered, or sent after the event); its production cannot"
                                + " be anchored");
            case NOT_A_WINDOW ->
                refuse(
                        event.envelopeId(),
                        event.eventId(),
                        RefusedBy.GATEWAY,
                        NOT_A_TELEMETRY_WINDOW,
                        event.describe() + " names " + event.robotId() + "/"
                                + event.window().seq() + " as its telemetry window, but that envelope is a "
                                + named.messageType());
            case NOT_BATCHED, BATCH_NOT_ANCHORED -> {
                String reason = "waits for the anchor of " + window + ": "
                        + (named.status() == NamedWindow.Status.NOT_BATCHED
                                ? "the window is not yet sealed into an anchor batch"
                                : "its batch " + named.batchId() + " is " + named.batchState()
                                        + ", not yet on the ledger");
                held.put(event.envelopeId(), waiting(event, reason, true, now));
            }
            case ANCHORED -> {
                return Optional.of(event.withTelemetryAnchor(new TelemetryAnchorRef(
                        Long.toString(named.batchId()), named.merkleRoot().hex())));
            }
        }
        return Optional.empty();
    }

    /** The event's wait, since it first waited for the same kind of thing. */
    private ProductionWait.Waiting waiting(ProductionEvent event, String reason, boolean forAnchor, Instant now) {
        ProductionWait.Waiting earlier = wait.of(event.envelopeId())
                .filter(before -> before.forAnchor() == forAnchor)
                .orElse(null);
        if (earlier == null && forAnchor) {
            metrics.heldForAnchor();
            log.info("{} {}", event.describe(), reason);
        }
        return new ProductionWait.Waiting(
                event.envelopeId(), event.eventId(), reason, earlier == null ? now : earlier.since(), forAnchor);
    }

    /** On a pipeline thread: one event to the ledger and its outcome into the journal. */
    private void submit(ProductionLedger target, ProductionEvent event, SubmissionPipeline.Job job) {
        long started = System.nanoTime();
        ProductionReceipt receipt;
        try {
            receipt = target.record(event);
        } catch (LedgerException e) {
            if (e.retryable()) {
                failed(event, SubmissionFailure.of(e), e, job);
            } else {
                decided(
                        event,
                        job,
                        () -> refuse(
                                event.envelopeId(), event.eventId(), RefusedBy.LEDGER, refusalCode(e), e.getMessage()));
            }
            return;
        } catch (RuntimeException e) {
            failed(event, SubmissionFailure.UNEXPECTED, e, job);
            return;
        }
        decided(event, job, () -> {
            if (!events.markCommitted(event.envelopeId(), event.eventId(), receipt, clock.instant())) {
                log.warn(
                        "{} was already decided by another gateway; committed again in {}",
                        event.describe(),
                        receipt.transactionId());
            }
            metrics.committed(Duration.ofNanos(System.nanoTime() - started));
            log.debug(
                    "{} committed in transaction {}, block {}",
                    event.describe(),
                    receipt.transactionId(),
                    receipt.blockNumber());
        });
    }

    /** Records the ledger's decision; a journal that fails leaves the event pending (resent, it is a replay). */
    private void decided(ProductionEvent event, SubmissionPipeline.Job job, Runnable record) {
        try {
            record.run();
        } catch (RuntimeException e) {
            failed(event, SubmissionFailure.UNEXPECTED, e, job);
            return;
        }
        pipeline.succeeded(job);
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

    private void failed(ProductionEvent event, SubmissionFailure reason, Exception cause, SubmissionPipeline.Job job) {
        Duration pause = pipeline.retryLater(job);
        metrics.failed(reason, pause);
        String message = "{} and the events depending on it stay pending ({}): {}; next attempt in {}";
        // Outages are expected and retried: one line each; anything else keeps its stack trace.
        if (reason == SubmissionFailure.LEDGER_UNREACHABLE || reason == SubmissionFailure.CHAINCODE_UNAVAILABLE) {
            log.warn(message, event.describe(), reason, cause.getMessage(), pause);
        } else {
            log.error(message, event.describe(), reason, cause.getMessage(), pause, cause);
        }
    }

    @Override
    public void stop() {
        thread.stop();
        if (ownExecutor != null) {
            // Submissions in flight finish (or fail) and are journaled; what is left is pending for the next start.
            ownExecutor.shutdown();
            try {
                ownExecutor.awaitTermination(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public boolean isRunning() {
        return thread.isRunning();
    }
}
