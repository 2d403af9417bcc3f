package dev.robotledger.agent.outbox;

/**
 * One stored message: its position in the outbox, the MQTT topic and the exact bytes to publish.
 * The bytes are not copied: entries are handed straight to the MQTT client and never changed.
 */
public record OutboxEntry(long index, String topic, byte[] payload) {

    public OutboxEntry {
        if (index < 0) {
            throw new IllegalArgumentException("an outbox index is never negative, got " + index);
        }
        if (topic == null || topic.isEmpty()) {
            throw new IllegalArgumentException("outbox entry " + index + " needs a topic");
        }
    }
}
