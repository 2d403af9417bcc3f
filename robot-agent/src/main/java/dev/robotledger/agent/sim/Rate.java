package dev.robotledger.agent.sim;

import java.util.Locale;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.ITypeConverter;

/** A rate such as {@code 200/s}, {@code 6000/min} or {@code 200} (per second). */
record Rate(double perSecond) {

    Rate {
        if (!(perSecond > 0) || Double.isInfinite(perSecond)) {
            throw new IllegalArgumentException("a rate must be positive, got " + perSecond);
        }
    }

    static Rate parse(String text) {
        String[] parts = text.trim().split("/", 2);
        double count;
        try {
            count = Double.parseDouble(parts[0]);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("rate '" + text + "' is not like 200/s or 6000/min");
        }
        String unit = parts.length == 2 ? parts[1].toLowerCase(Locale.ROOT) : "s";
        return switch (unit) {
            case "s", "sec" -> new Rate(count);
            case "m", "min" -> new Rate(count / 60);
            case "h" -> new Rate(count / 3600);
            default -> throw new IllegalArgumentException("rate '" + text + "' has unknown unit '" + unit + "'");
        };
    }

    /** How many events are due after {@code elapsedNanos}. */
    long readingsAfter(long elapsedNanos) {
        return (long) (perSecond * elapsedNanos / TimeUnit.SECONDS.toNanos(1));
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "%.0f/s", perSecond);
    }

    static final class Converter implements ITypeConverter<Rate> {
        @Override
        public Rate convert(String value) {
            return parse(value);
        }
    }
}
