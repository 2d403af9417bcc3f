package dev.robotledger.gateway.journal;

import java.time.Instant;

/**
 * A refused message as recorded: why, what it claimed to be, and its first bytes.
 *
 * @param bodyPrefix the first {@code gateway.ingestion.dead-letter-body-limit} bytes, base64
 */
public record DeadLetter(long id, String reason, String detail, String topic, String robotId, Long seq,
                         int bodySize, String bodyPrefix, Instant receivedAt) {
}
