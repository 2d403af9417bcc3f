package dev.robotledger.gateway.testing;

import java.time.Duration;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/** Waits on a condition (Awaitility, through the robot agent's test helper) instead of sleeping a fixed time. */
public final class Await {

    private static final Duration STEP = Duration.ofMillis(100);

    private Await() {}

    /** Waits until {@code condition} holds; fails naming {@code what} and the last observed state. */
    public static void until(String what, Duration timeout, BooleanSupplier condition, Supplier<?> observed) {
        dev.robotledger.agent.testing.Await.until(
                timeout, STEP, () -> "waiting for " + what + "; last observed: " + observed.get(), condition);
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
