package dev.robotledger.gateway.bench;

import java.util.List;

/** Percentiles of a set of latencies, in milliseconds with microsecond resolution. */
record Latency(long samples, double p50Millis, double p99Millis, double maxMillis) {

    static Latency ofMicros(List<Long> micros) {
        if (micros.isEmpty()) {
            return new Latency(0, Double.NaN, Double.NaN, Double.NaN);
        }
        long[] sorted = micros.stream().mapToLong(Long::longValue).sorted().toArray();
        return new Latency(
                sorted.length,
                millis(percentile(sorted, 0.50)),
                millis(percentile(sorted, 0.99)),
                millis(sorted[sorted.length - 1]));
    }

    // Nearest-rank percentile: the smallest value at or above the given fraction of the samples.
    private static long percentile(long[] sorted, double fraction) {
        int rank = (int) Math.ceil(fraction * sorted.length);
        return sorted[Math.max(0, rank - 1)];
    }

    private static double millis(long micros) {
        return Math.round(micros / 10.0) / 100.0;
    }
}
