package dev.robotledger.gateway.journal;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/**
 * At most {@code perMinute} stored dead letters per sender in each clock minute of arrival. Counts
 * live in memory and start again each minute, so a gateway restart or a retried commit may store a
 * few more; what matters is that a flood cannot store one row per message.
 */
final class DeadLetterRate {

    private final int perMinute;
    private final Map<String, Integer> stored = new HashMap<>();
    private long minute = Long.MIN_VALUE;

    DeadLetterRate(int perMinute) {
        this.perMinute = perMinute;
    }

    static Instant minuteOf(Instant at) {
        return Instant.ofEpochSecond(Math.floorDiv(at.getEpochSecond(), 60) * 60);
    }

    synchronized boolean admit(String sender, Instant receivedAt) {
        long at = Math.floorDiv(receivedAt.getEpochSecond(), 60);
        if (at != minute) {
            minute = at;
            stored.clear();
        }
        return stored.merge(sender, 1, Integer::sum) <= perMinute;
    }
}
