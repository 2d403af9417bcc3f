package dev.robotledger.gateway.ingestion;

import java.time.Duration;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;

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
 */
public final class IngestionQueue {

    private final BlockingQueue<Delivery> bounded;
    private final Queue<Delivery> overflow = new ConcurrentLinkedQueue<>();

    public IngestionQueue(int capacity) {
        this.bounded = new ArrayBlockingQueue<>(capacity);
    }

    /** Never blocks; false when the delivery had to go to the overflow list. */
    public boolean offer(Delivery delivery) {
        if (overflow.isEmpty() && bounded.offer(delivery)) {
            return true;
        }
        overflow.add(delivery);
        return false;
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
            into.add(next);
        }
    }

    public int size() {
        return bounded.size() + overflow.size();
    }
}
