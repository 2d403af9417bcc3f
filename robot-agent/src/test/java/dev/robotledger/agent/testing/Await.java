package dev.robotledger.agent.testing;

import java.time.Duration;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/** Polls a condition with a time bound instead of sleeping for a guessed time. */
public final class Await {

    private Await() {}

    /** Returns as soon as {@code condition} holds; fails with {@code description} after {@code timeout}. */
    public static void until(Duration timeout, String description, BooleanSupplier condition) {
        until(timeout, () -> description, condition);
    }

    public static void until(Duration timeout, Supplier<String> description, BooleanSupplier condition) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within " + timeout + ": " + description.get());
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted while waiting for: " + description.get(), e);
            }
        }
    }
}
