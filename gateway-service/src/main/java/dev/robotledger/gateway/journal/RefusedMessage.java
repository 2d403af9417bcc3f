package dev.robotledger.gateway.journal;

import java.time.Instant;
import java.util.Objects;

/** A refused message on its way into {@code dead_letters}; robot id and seq only when they could be read. */
public record RefusedMessage(
        String reason,
        String detail,
        String topic,
        String robotId,
        Long seq,
        byte[] body,
        byte[] bodySha256,
        Instant receivedAt) {

    public RefusedMessage {
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(detail, "detail");
        Objects.requireNonNull(topic, "topic");
        Objects.requireNonNull(body, "body");
        Objects.requireNonNull(bodySha256, "bodySha256");
        Objects.requireNonNull(receivedAt, "receivedAt");
    }
}
