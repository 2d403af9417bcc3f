package dev.robotledger.agent.telemetry;

import dev.robotledger.wire.message.Reading;
import dev.robotledger.wire.message.TelemetryWindow;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.LongSupplier;

/**
 * Collects a robot's readings and seals them into a {@link TelemetryWindow} every
 * {@code maxReadings} readings, or once the oldest buffered reading has waited {@code maxAge}
 * (checked by {@link #sealIfDue()}, which the owner calls on a timer). Not thread-safe: the owner
 * serialises calls.
 */
public final class TelemetrySealer {

    private final String robotId;
    private final int maxReadings;
    private final long maxAgeMillis;
    private final LongSupplier clockMillis;
    private final List<Reading> buffer = new ArrayList<>();
    private long oldestAddedAt;

    public TelemetrySealer(String robotId, int maxReadings, Duration maxAge, LongSupplier clockMillis) {
        if (maxReadings < 1 || maxReadings > TelemetryWindow.MAX_READINGS) {
            throw new IllegalArgumentException(
                    "readings per window must be 1.." + TelemetryWindow.MAX_READINGS + ", got " + maxReadings);
        }
        if (maxAge.isNegative() || maxAge.isZero()) {
            throw new IllegalArgumentException("window age must be positive, got " + maxAge);
        }
        this.robotId = robotId;
        this.maxReadings = maxReadings;
        this.maxAgeMillis = maxAge.toMillis();
        this.clockMillis = clockMillis;
    }

    /** Buffers a reading (the next consecutive one); returns the window it completes, if any. */
    public Optional<TelemetryWindow> add(Reading reading) {
        if (!buffer.isEmpty()) {
            long expected = buffer.get(buffer.size() - 1).readingSeq() + 1;
            if (reading.readingSeq() != expected) {
                throw new IllegalArgumentException("robot " + robotId + ": reading " + reading.readingSeq()
                        + " does not follow reading " + (expected - 1));
            }
        } else {
            oldestAddedAt = clockMillis.getAsLong();
        }
        buffer.add(reading);
        return buffer.size() >= maxReadings ? sealNow() : Optional.empty();
    }

    /** Seals the buffered readings if the oldest has waited the maximum age. */
    public Optional<TelemetryWindow> sealIfDue() {
        if (!buffer.isEmpty() && clockMillis.getAsLong() - oldestAddedAt >= maxAgeMillis) {
            return sealNow();
        }
        return Optional.empty();
    }

    /** Seals whatever is buffered. */
    public Optional<TelemetryWindow> sealNow() {
        if (buffer.isEmpty()) {
            return Optional.empty();
        }
        TelemetryWindow window = TelemetryWindow.seal(robotId, buffer);
        buffer.clear();
        return Optional.of(window);
    }

    public int buffered() {
        return buffer.size();
    }
}
