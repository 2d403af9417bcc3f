package dev.robotledger.gateway.journal;

import java.time.Instant;

/** Numbers {@code firstMissing..lastMissing} of a robot that the journal has not taken (yet). */
public record SequenceGap(String robotId, long firstMissing, long lastMissing, Instant detectedAt) {

    public SequenceGap {
        if (firstMissing > lastMissing) {
            throw new IllegalArgumentException("empty gap " + firstMissing + ".." + lastMissing);
        }
    }

    public boolean holds(long seq) {
        return firstMissing <= seq && seq <= lastMissing;
    }
}
