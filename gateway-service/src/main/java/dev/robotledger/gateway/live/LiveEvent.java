package dev.robotledger.gateway.live;

import dev.robotledger.gateway.journal.DeadLetter;
import dev.robotledger.gateway.robots.RobotStatusChanged;
import java.util.Objects;

/**
 * One event of the operators' stream: its SSE event name and its JSON data.
 *
 * @param type {@code ingestion} ({@link IngestionSnapshot}), {@code robot} ({@link RobotStatusChanged})
 *             or {@code rejected} ({@link DeadLetter})
 */
public record LiveEvent(String type, Object data) {

    public LiveEvent {
        if (type == null || type.isBlank()) {
            throw new IllegalArgumentException("event type must not be blank");
        }
        Objects.requireNonNull(data, () -> "data of a " + type + " event");
    }

    static LiveEvent snapshot(IngestionSnapshot snapshot) {
        return new LiveEvent("ingestion", snapshot);
    }

    static LiveEvent robot(RobotStatusChanged change) {
        return new LiveEvent("robot", change);
    }

    static LiveEvent rejected(DeadLetter deadLetter) {
        return new LiveEvent("rejected", deadLetter);
    }
}
