package dev.robotledger.gateway.ingestion;

import java.time.Duration;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The hand-off between the transport's callback thread (which must never block) and the journal
 * writer, in arrival order.
 *
 * <p>The bounded part is sized from the MQTT receive maximum: the broker may not have more
 * unacknowledged messages in flight to us, so normally it is never full. Mosquitto 2.0.11 was
 * measured to overshoot a client's receive maximum by some tens of messages while acks flow;
 * those go to an overflow list instead of being dropped (a dropped, unacknowledged QoS 1 message
 * is only redelivered after a reconnect) or blocking the callback. Once anything is in the
 * overflow list, new arrivals queue behind it, so order is kept: single producer, single consumer.
 *
 * <p>The overflow list is bounded too: past it a delivery is {@link Offer#REFUSED}, neither queued
 * nor acknowledged, and the transport must have the broker send it again (an MQTT broker does so
 * only on a new connection).
 */
public final class IngestionQueue {

    /** What became of an offered delivery. */
    public enum Offer {
        QUEUED,
        OVERFLOWED,
        REFUSED
    }

    private final int capacity;
    private final BlockingQueue<Delivery> bounded;
    private final Queue<Delivery> overflow = new ConcurrentLinkedQueue<>();
    private final int overflowLimit;
    // ConcurrentLinkedQueue.size() walks the list.
    private final AtomicInteger overflowSize = new AtomicInteger();

    public IngestionQueue(int capacity, int overflowLimit) {
        this.capacity = capacity;
        this.bounded = new ArrayBlockingQueue<>(capacity);
        this.overflowLimit = overflowLimit;
    }

    /** Never blocks. */
    public Offer offer(Delivery delivery) {
        if (overflow.isEmpty() && bounded.offer(delivery)) {
            return Offer.QUEUED;
        }
        if (overflowSize.get() >= overflowLimit) {
            return Offer.REFUSED;
        }
        overflowSize.incrementAndGet();
        overflow.add(delivery);
        return Offer.OVERFLOWED;
    }

    /** Waits up to {@code wait} for a delivery, then takes what is queued, up to {@code max}, oldest first. */
    List<Delivery> drain(int max, Duration wait, List<Delivery> into) throws InterruptedException {
        takeQueued(max, into);
        if (into.isEmpty()) {
            Delivery first = bounded.poll(wait.toMillis(), TimeUnit.MILLISECONDS);
            if (first != null) {
                into.add(first);
                takeQueued(max, into);
            }
        }
        return into;
    }

    // Everything in the bounded part arrived before anything in the overflow list.
    private void takeQueued(int max, List<Delivery> into) {
        bounded.drainTo(into, max - into.size());
        Delivery next;
        while (into.size() < max && (next = overflow.poll()) != null) {
            overflowSize.decrementAndGet();
            into.add(next);
        }
    }

    public int size() {
        return bounded.size() + overflowSize.get();
    }

    /** Deliveries the bounded part holds; the overflow list holds at most its limit more. */
    public int capacity() {
        return capacity;
    }
}
