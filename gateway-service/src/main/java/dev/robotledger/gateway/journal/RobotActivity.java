package dev.robotledger.gateway.journal;

import java.time.Instant;
import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * One robot's traffic as the journal recorded it.
 *
 * @param lastSeq          the last sequence number accepted, {@code null} before the first
 * @param lastSeen         when the last accepted message was received, {@code null} before the first
 * @param rejectedByReason dead letters that name this robot, by {@code RejectionReason} name, with
 *                         those past the per-robot rate that were only counted
 * @param lastRejectedAt   when the last of them was received, {@code null} if none
 */
public record RobotActivity(
        String robotId,
        Long lastSeq,
        Instant lastSeen,
        long envelopesAccepted,
        long readingsAccepted,
        long rejected,
        Map<String, Long> rejectedByReason,
        Instant lastRejectedAt) {

    public RobotActivity {
        if (robotId == null || robotId.isBlank()) {
            throw new IllegalArgumentException("robot id must not be blank");
        }
        if (envelopesAccepted < 0 || readingsAccepted < 0 || rejected < 0) {
            throw new IllegalArgumentException("counts of robot " + robotId + " must not be negative");
        }
        // Sorted by reason, so the JSON reads the same on every call.
        rejectedByReason = Collections.unmodifiableMap(new TreeMap<>(rejectedByReason));
    }

    /** A robot the journal has no message from yet. */
    public static RobotActivity none(String robotId) {
        return new RobotActivity(robotId, null, null, 0, 0, 0, Map.of(), null);
    }
}
