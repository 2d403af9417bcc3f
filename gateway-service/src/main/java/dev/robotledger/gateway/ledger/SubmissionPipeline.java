package dev.robotledger.gateway.ledger;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * Journaled work on its way to the ledger, many transactions at once: at most {@code maxInFlight}
 * jobs run together (each endorses, submits and waits for its own commit status), so independent
 * transactions share blocks. Shared by the loops that take journaled work to the ledger (anchor
 * batches, production events); their polling thread decides what may start, the jobs run on the
 * executor, and the journal stays the only state, so a restart resumes where it was.
 *
 * <p>A job that the ledger did not take for now ({@link #retryLater}) is not started again before
 * its pause is over. The pause is one bounded exponential back-off for the whole pipeline: a burst
 * of jobs failing together (an outage fails every transaction in flight) advances it once, not once
 * per job. While the last outcome was a failure, nothing starts before the pause is over, and then
 * one job at a time probes the ledger; the first success resets the pause and reopens every slot,
 * so a backlog drains at the full rate as soon as the ledger is back.
 *
 * <p>Thread-safe. The keys are the journal's ids of the work (envelope ids, batch ids).
 */
public final class SubmissionPipeline {

    private final int maxInFlight;
    private final RetryBackoff backoff;
    private final Clock clock;
    private final Executor executor;
    private final Runnable finished;
    private final Set<Long> inFlight = new HashSet<>();
    private final Map<Long, Instant> retryAt = new HashMap<>();
    /** Keys that finished since the caller's last {@link #snapshot()}: its journal read may still show them pending. */
    private final Set<Long> finishedSinceSnapshot = new HashSet<>();
    /** Advances on every outcome that changes the back-off, so that a burst of failures started together counts once. */
    private long generation;

    private boolean failing;
    /** While failing: no probe before this. */
    private Instant probeAt = Instant.MIN;

    /**
     * @param finished run after every job, on the job's thread (e.g. to wake the polling thread so
     *                 a freed slot or a committed dependency is used at once)
     */
    public SubmissionPipeline(
            int maxInFlight, RetryBackoff backoff, Clock clock, Executor executor, Runnable finished) {
        if (maxInFlight < 1) {
            throw new IllegalArgumentException(
                    "at least one transaction must be allowed in flight, was " + maxInFlight);
        }
        this.maxInFlight = maxInFlight;
        this.backoff = backoff;
        this.clock = clock;
        this.executor = executor;
        this.finished = finished;
    }

    /** A pool of {@code count} daemon threads named {@code name-1..count}, for the jobs of one pipeline. */
    public static ExecutorService threads(String name, int count) {
        AtomicInteger number = new AtomicInteger();
        return Executors.newFixedThreadPool(count, task -> {
            Thread worker = new Thread(task, name + "-" + number.incrementAndGet());
            worker.setDaemon(true);
            return worker;
        });
    }

    /** A job: its key, and the back-off generation it started in. */
    public record Job(long key, long generation) {}

    /**
     * Marks the start of a round that reads the journal: keys that finish after this are skipped by
     * {@link #mayStart} until the next snapshot, since the round's read may still show them pending.
     */
    public synchronized void snapshot() {
        finishedSinceSnapshot.clear();
    }

    /** How many jobs may start now: the free slots, or one probe at a time while the ledger fails. */
    public synchronized int freeSlots() {
        if (failing && clock.instant().isBefore(probeAt)) {
            return 0;
        }
        return Math.max(0, (failing ? 1 : maxInFlight) - inFlight.size());
    }

    /** Whether the work of {@code key} may start now: not in flight, not just finished, its pause over. */
    public synchronized boolean mayStart(long key) {
        if (inFlight.contains(key) || finishedSinceSnapshot.contains(key)) {
            return false;
        }
        Instant at = retryAt.get(key);
        return at == null || !clock.instant().isBefore(at);
    }

    /** Whether {@code key} is in flight now. */
    public synchronized boolean inFlight(long key) {
        return inFlight.contains(key);
    }

    public synchronized int inFlightCount() {
        return inFlight.size();
    }

    /**
     * Runs {@code work} for {@code key} on the executor, when a slot is free and the key may start.
     *
     * @return false when it was not started (no slot, already in flight, paused)
     */
    public boolean start(long key, Consumer<Job> work) {
        Job job;
        synchronized (this) {
            if (freeSlots() == 0 || !mayStart(key)) {
                return false;
            }
            inFlight.add(key);
            job = new Job(key, generation);
        }
        try {
            executor.execute(() -> run(job, work));
        } catch (RuntimeException e) {
            synchronized (this) {
                inFlight.remove(key);
            }
            throw e;
        }
        return true;
    }

    private void run(Job job, Consumer<Job> work) {
        try {
            work.accept(job);
        } finally {
            synchronized (this) {
                inFlight.remove(job.key());
                finishedSinceSnapshot.add(job.key());
            }
            finished.run();
        }
    }

    /** The ledger took the job's work (committed, or decided for good): every slot opens, the pause resets. */
    public synchronized void succeeded(Job job) {
        retryAt.remove(job.key());
        if (failing || !backoff.current().isZero()) {
            generation++;
        }
        failing = false;
        backoff.succeeded();
    }

    /**
     * The ledger did not take the job's work for now: it is not started again before the pause
     * this returns is over.
     */
    public synchronized Duration retryLater(Job job) {
        Duration pause;
        if (job.generation() == generation || backoff.current().isZero()) {
            pause = backoff.failed();
            generation++;
        } else {
            pause = backoff.current();
        }
        failing = true;
        Instant at = clock.instant().plus(pause);
        probeAt = at;
        retryAt.put(job.key(), at);
        return pause;
    }

    /** The current pause after failures; zero while the ledger takes the work. */
    public synchronized Duration currentBackoff() {
        return backoff.current();
    }

    /** Forgets a key decided elsewhere (refused without a ledger call), so its pause does not linger. */
    public synchronized void forget(long key) {
        retryAt.remove(key);
    }
}
