package dev.robotledger.gateway.live;

import dev.robotledger.gateway.journal.AnchorBatchCounts;
import java.time.Instant;
import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * Ingestion over the last interval, as this gateway instance counted it (its Micrometer
 * counters), and the anchor batches as the journal holds them.
 *
 * @param rejectedInInterval messages dead-lettered in the interval, by reason (every reason listed)
 * @param rejectedSinceStart the same since this instance started
 * @param pendingReadings    journaled readings not yet sealed into an anchor batch
 * @param ledgerConnected    whether a ledger adapter submits batches; without one every sealed
 *                           batch stays pending submission
 */
public record IngestionSnapshot(
        Instant at,
        long intervalMillis,
        double readingsPerSecond,
        double envelopesPerSecond,
        Map<String, Long> rejectedInInterval,
        Map<String, Long> rejectedSinceStart,
        long pendingReadings,
        AnchorBatchCounts anchorBatches,
        boolean ledgerConnected) {

    public IngestionSnapshot {
        Objects.requireNonNull(at, "snapshot time");
        Objects.requireNonNull(anchorBatches, "anchor batch counts");
        if (intervalMillis < 0 || readingsPerSecond < 0 || envelopesPerSecond < 0) {
            throw new IllegalArgumentException("interval and rates must not be negative");
        }
        rejectedInInterval = Collections.unmodifiableMap(new TreeMap<>(rejectedInInterval));
        rejectedSinceStart = Collections.unmodifiableMap(new TreeMap<>(rejectedSinceStart));
    }
}
