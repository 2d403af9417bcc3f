package dev.robotledger.agent.testing;

import java.time.Duration;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;

/**
 * Awaitility, polling in the caller's thread from the first instant, with a failure that says what
 * was awaited (a description read once, when the wait has failed). The gateway's tests wait with it too.
 */
public final class Await {

    private static final Duration STEP = Duration.ofMillis(20);

    private Await() {}

    /** Returns as soon as {@code condition} holds; fails with {@code description} after {@code timeout}. */
    public static void until(Duration timeout, String description, BooleanSupplier condition) {
        until(timeout, () -> description, condition);
    }

    public static void until(Duration timeout, Supplier<String> description, BooleanSupplier condition) {
        until(timeout, STEP, description, condition);
    }

    /** As above, testing {@code condition} every {@code step}. */
    public static void until(Duration timeout, Duration step, Supplier<String> description, BooleanSupplier condition) {
        try {
            Awaitility.await()
                    .atMost(timeout)
                    .pollInSameThread()
                    .pollDelay(Duration.ZERO)
                    .pollInterval(step)
                    .until(condition::getAsBoolean);
        } catch (ConditionTimeoutException e) {
            throw new AssertionError("not within " + timeout + ": " + description.get(), e);
        }
    }
}
