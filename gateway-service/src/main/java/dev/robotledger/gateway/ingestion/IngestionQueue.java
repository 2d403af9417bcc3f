package dev.robotledger.gateway.ingestion;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * The bounded hand-off between the transport's callback thread (which must never block) and the
 * journal writer. Its capacity is sized from the broker's receive maximum, so a well-behaved
 * broker cannot overfill it: unacknowledged messages stop the broker, not this queue.
 */
public final class IngestionQueue {

    private final BlockingQueue<Delivery> deliveries;

    public IngestionQueue(int capacity) {
        this.deliveries = new ArrayBlockingQueue<>(capacity);
    }

    /** Offers without blocking; false when full (the caller must not acknowledge the message). */
    public boolean offer(Delivery delivery) {
        return deliveries.offer(delivery);
    }

    /** Waits up to {@code wait} for the first delivery, then takes what is already queued, up to {@code max}. */
    List<Delivery> drain(int max, Duration wait, List<Delivery> into) throws InterruptedException {
        Delivery first = deliveries.poll(wait.toMillis(), TimeUnit.MILLISECONDS);
        if (first != null) {
            into.add(first);
            deliveries.drainTo(into, max - 1);
        }
        return into;
    }

    public int size() {
        return deliveries.size();
    }
}
