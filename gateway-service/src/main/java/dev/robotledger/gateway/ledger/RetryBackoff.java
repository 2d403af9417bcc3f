package dev.robotledger.gateway.ledger;

import java.time.Duration;

/**
 * Bounded exponential back-off: initial, doubled after every further failure up to max; reset on
 * success. Shared by the loops that submit journaled work to the ledger (anchors, production events).
 * Not thread-safe: its owner (one loop thread, or a {@link SubmissionPipeline} under its lock) serialises calls.
 */
public final class RetryBackoff {

    private final Duration initial;
    private final Duration max;
    private Duration current = Duration.ZERO;

    public RetryBackoff(Duration initial, Duration max) {
        if (initial.isNegative() || initial.isZero() || max.compareTo(initial) < 0) {
            throw new IllegalArgumentException("back-off needs 0 < initial <= max, got " + initial + " and " + max);
        }
        this.initial = initial;
        this.max = max;
    }

    /** The delay before the next attempt, after one more failure. */
    public Duration failed() {
        current = current.isZero() ? initial : min(current.multipliedBy(2), max);
        return current;
    }

    public void succeeded() {
        current = Duration.ZERO;
    }

    /** The delay the last failure asked for; zero when the last attempt succeeded. */
    public Duration current() {
        return current;
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }
}
