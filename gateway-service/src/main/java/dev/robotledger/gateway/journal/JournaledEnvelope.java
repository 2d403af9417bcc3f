package dev.robotledger.gateway.journal;

import java.time.Instant;
import java.util.Objects;

/**
 * An accepted envelope as the journal stores it.
 *
 * @param body            the bytes exactly as received (what the signature and a redelivery are compared on)
 * @param signedAtMillis  the envelope's {@code timestamp}: when the robot signed it, by its clock
 * @param anchorLeafData  for telemetry windows, the signed window header that becomes this
 *                        window's leaf in its anchor batch; null for production events
 * @param firstReadingSeq for telemetry windows, the number of the window's first reading (its
 *                        readings are consecutive); null for production events
 * @param readingCount    the readings the window carries; 0 for production events
 */
public record JournaledEnvelope(
        String robotId,
        long seq,
        String messageType,
        String topic,
        byte[] body,
        byte[] bodySha256,
        long signedAtMillis,
        Instant receivedAt,
        byte[] anchorLeafData,
        Long firstReadingSeq,
        int readingCount) {

    public JournaledEnvelope {
        Objects.requireNonNull(robotId, "robotId");
        Objects.requireNonNull(messageType, () -> "message type of " + robotId + "/" + seq);
        Objects.requireNonNull(topic, () -> "topic of " + robotId + "/" + seq);
        Objects.requireNonNull(body, () -> "body of " + robotId + "/" + seq);
        Objects.requireNonNull(bodySha256, () -> "digest of " + robotId + "/" + seq);
        Objects.requireNonNull(receivedAt, () -> "receipt time of " + robotId + "/" + seq);
        if ((firstReadingSeq == null) != (readingCount == 0) || readingCount < 0) {
            throw new IllegalArgumentException("envelope " + robotId + "/" + seq + " has " + readingCount
                    + " readings from reading " + firstReadingSeq + "; a window has both, an event neither");
        }
        if (readingCount > 0 && anchorLeafData == null) {
            throw new IllegalArgumentException("telemetry window " + robotId + "/" + seq + " needs its anchor leaf");
        }
    }
}
