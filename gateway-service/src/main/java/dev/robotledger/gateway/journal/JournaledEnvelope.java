package dev.robotledger.gateway.journal;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * An accepted envelope as the journal stores it.
 *
 * @param body            the bytes exactly as received (what the signature and a redelivery are compared on)
 * @param anchorLeafData  for telemetry windows, the signed window header that becomes this
 *                        window's leaf in its anchor batch; null for production events
 * @param readingLeaves   the Merkle leaf bytes of each reading, in window order
 */
public record JournaledEnvelope(String robotId, long seq, String messageType, String topic, byte[] body,
                                byte[] bodySha256, Instant receivedAt, byte[] anchorLeafData,
                                List<byte[]> readingLeaves) {

    public JournaledEnvelope {
        Objects.requireNonNull(robotId, "robotId");
        Objects.requireNonNull(messageType, () -> "message type of " + robotId + "/" + seq);
        Objects.requireNonNull(topic, () -> "topic of " + robotId + "/" + seq);
        Objects.requireNonNull(body, () -> "body of " + robotId + "/" + seq);
        Objects.requireNonNull(bodySha256, () -> "digest of " + robotId + "/" + seq);
        Objects.requireNonNull(receivedAt, () -> "receipt time of " + robotId + "/" + seq);
        readingLeaves = List.copyOf(readingLeaves);
        if (!readingLeaves.isEmpty() && anchorLeafData == null) {
            throw new IllegalArgumentException("telemetry window " + robotId + "/" + seq + " needs its anchor leaf");
        }
    }
}
