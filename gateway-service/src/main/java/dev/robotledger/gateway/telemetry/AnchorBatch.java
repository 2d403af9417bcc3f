package dev.robotledger.gateway.telemetry;

import dev.robotledger.wire.merkle.Digest;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * A sealed batch of telemetry windows: the root of the Merkle tree whose leaves are the windows'
 * signed headers, in journal order, and the robots whose windows it holds (sorted, distinct).
 * {@code fromEpochMillis} and {@code toEpochMillis} are the earliest and latest signing time of
 * its windows (the robots' clocks), the time range its anchor carries: a production signed at the
 * time of the window it names lies within it. Batches sealed before the journal kept signing
 * times carry their receive times there instead.
 */
public record AnchorBatch(
        long batchId,
        Digest merkleRoot,
        int windowCount,
        int readingCount,
        Instant firstReceivedAt,
        Instant lastReceivedAt,
        List<String> robotIds,
        long fromEpochMillis,
        long toEpochMillis) {

    public AnchorBatch {
        Objects.requireNonNull(merkleRoot, () -> "root of batch " + batchId);
        if (windowCount < 1 || readingCount < windowCount) {
            throw new IllegalArgumentException("batch " + batchId + " must hold at least one window and one reading"
                    + " per window, got " + windowCount + " windows, " + readingCount + " readings");
        }
        if (lastReceivedAt.isBefore(firstReceivedAt) || toEpochMillis < fromEpochMillis) {
            throw new IllegalArgumentException("batch " + batchId + " ends before it starts");
        }
        robotIds = robotIds.stream().sorted().distinct().toList();
        if (robotIds.isEmpty() || robotIds.size() > windowCount) {
            throw new IllegalArgumentException(
                    "batch " + batchId + " of " + windowCount + " windows names " + robotIds.size() + " robots");
        }
    }
}
