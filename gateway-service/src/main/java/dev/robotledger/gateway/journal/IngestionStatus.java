package dev.robotledger.gateway.journal;

import java.time.Instant;
import java.util.List;

/**
 * What the journal holds: totals, production events by ledger state, how far each robot got, and
 * the sequence gaps seen.
 */
public record IngestionStatus(
        long envelopes,
        long readings,
        long deadLetters,
        long pendingReadings,
        long anchorBatches,
        ProductionEventCounts productionEvents,
        List<RobotProgress> robots,
        List<SequenceGap> gaps) {

    public IngestionStatus {
        robots = List.copyOf(robots);
        gaps = List.copyOf(gaps);
    }

    /** The last sequence number journaled for a robot. */
    public record RobotProgress(String robotId, long lastSeq, Instant updatedAt) {}

    /** Sequence numbers a robot skipped: accepted around, reported here. */
    public record SequenceGap(String robotId, long firstMissing, long lastMissing, Instant detectedAt) {}
}
