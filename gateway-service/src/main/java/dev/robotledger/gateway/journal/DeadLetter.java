package dev.robotledger.gateway.journal;

import io.swagger.v3.oas.annotations.media.Schema;
import java.time.Instant;

/**
 * A refused message as recorded: why, what it claimed to be, and its first bytes.
 *
 * @param robotId    {@code null} when the message names no robot (unreadable)
 * @param seq        {@code null} when the message carries no sequence number
 * @param bodyPrefix the first {@code gateway.ingestion.dead-letter-body-limit} bytes, base64
 */
public record DeadLetter(
        long id,
        String reason,
        String detail,
        String topic,
        @Schema(nullable = true) String robotId,
        @Schema(nullable = true) Long seq,
        int bodySize,
        String bodyPrefix,
        Instant receivedAt) {}
