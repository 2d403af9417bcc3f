package dev.robotledger.gateway.testing;

import java.time.Duration;
import java.time.Instant;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/** Polls a condition with a time bound instead of sleeping a fixed time. */
public final class Await {

    private static final Duration STEP = Duration.ofMillis(100);

    private Await() {}

    /** Waits until {@code condition} holds; fails naming {@code what} and the last observed state. */
    public static void until(String what, Duration timeout, BooleanSupplier condition, Supplier<?> observed) {
        Instant deadline = Instant.now().plus(timeout);
        while (!condition.getAsBoolean()) {
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError(
                        "timed out after " + timeout + " waiting for " + what + "; last observed: " + observed.get());
            }
            pause(STEP);
        }
    }

    public static void until(String what, Duration timeout, BooleanSupplier condition) {
        until(what, timeout, condition, () -> "(nothing)");
    }

    static void pause(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
