package dev.robotledger.gateway.ledger;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One named thread that runs a round at a fixed delay after the previous one ends, or sooner when woken: the loops that
 * take journaled work to the ledger (anchor batches, production events). {@link #stop()} lets the
 * round in progress finish, waiting at most 30 seconds.
 */
public final class PollingThread {

    private final String name;
    private final Duration delay;
    private final Runnable round;
    private final AtomicBoolean wakeQueued = new AtomicBoolean();
    private ScheduledExecutorService scheduler;

    /** @param round must not throw: an exception would end the polling */
    public PollingThread(String name, Duration delay, Runnable round) {
        this.name = name;
        this.delay = delay;
        this.round = round;
    }

    public synchronized void start() {
        scheduler = Executors.newSingleThreadScheduledExecutor(runnable -> new Thread(runnable, name));
        long period = delay.toMillis();
        scheduler.scheduleWithFixedDelay(round, period, period, TimeUnit.MILLISECONDS);
    }

    /**
     * Runs a round soon on the same thread, without waiting for the delay (work finished elsewhere
     * freed a slot or met a dependency). Wake-ups that come while one is queued are one round.
     */
    public void wakeUp() {
        ScheduledExecutorService current;
        synchronized (this) {
            current = scheduler;
        }
        if (current == null || !wakeQueued.compareAndSet(false, true)) {
            return;
        }
        try {
            current.execute(() -> {
                wakeQueued.set(false);
                round.run();
            });
        } catch (RejectedExecutionException stopping) {
            wakeQueued.set(false);
        }
    }

    public synchronized void stop() {
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

    public synchronized boolean isRunning() {
        return scheduler != null;
    }
}
