package dev.robotledger.gateway.journal;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/**
 * At most {@code perMinute} stored dead letters per sender and minute, as a smooth rate: a token
 * bucket per sender that refills {@code perMinute} times a minute and holds ten seconds' worth
 * (at least one). A flood is stored at that rate rather than as a whole minute's quota in its
 * first seconds, whose burst of writes would stall the journal's commits of valid messages beside
 * it. Buckets live in memory, so a gateway restart may store a few more; what matters is that a
 * flood cannot store one row per message.
 */
final class DeadLetterRate {

    private static final Duration IDLE = Duration.ofMinutes(1);

    private final double perNano;
    private final double capacity;
    private final Map<String, Bucket> buckets = new HashMap<>();
    private Instant lastPruned = Instant.MIN;

    DeadLetterRate(int perMinute) {
        this.perNano = perMinute / (double) Duration.ofMinutes(1).toNanos();
        this.capacity = Math.max(1, perMinute / 6.0);
    }

    static Instant minuteOf(Instant at) {
        return Instant.ofEpochSecond(Math.floorDiv(at.getEpochSecond(), 60) * 60);
    }

    synchronized boolean admit(String sender, Instant receivedAt) {
        pruneIdle(receivedAt);
        Bucket bucket = buckets.computeIfAbsent(sender, s -> new Bucket(capacity, receivedAt));
        if (receivedAt.isAfter(bucket.refilledAt)) {
            bucket.tokens = Math.min(
                    capacity,
                    bucket.tokens
                            + Duration.between(bucket.refilledAt, receivedAt).toNanos() * perNano);
            bucket.refilledAt = receivedAt;
        }
        if (bucket.tokens < 1) {
            return false;
        }
        bucket.tokens -= 1;
        return true;
    }

    // A sender quiet for a minute has a full bucket again: forgetting it changes nothing.
    private void pruneIdle(Instant now) {
        if (Duration.between(lastPruned, now).compareTo(IDLE) < 0) {
            return;
        }
        Instant idleSince = now.minus(IDLE);
        buckets.values().removeIf(bucket -> bucket.refilledAt.isBefore(idleSince));
        lastPruned = now;
    }

    private static final class Bucket {
        double tokens;
        Instant refilledAt;

        Bucket(double tokens, Instant refilledAt) {
            this.tokens = tokens;
            this.refilledAt = refilledAt;
        }
    }
}
