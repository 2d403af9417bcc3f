package dev.robotledger.gateway.ingestion;

import java.time.Instant;
import java.util.Objects;

/**
 * A message as it came off the transport, with the handle that acknowledges it. The journal
 * writer calls {@link Receipt#acknowledge()} only after the message is durably journaled or
 * dead-lettered; until then the broker keeps it and redelivers it if the gateway dies.
 */
public record Delivery(String topic, byte[] payload, Instant receivedAt, Receipt receipt) {

    /** Acknowledges one delivery to its transport; never throws. */
    @FunctionalInterface
    public interface Receipt {
        void acknowledge();
    }

    public Delivery {
        Objects.requireNonNull(topic, "topic");
        Objects.requireNonNull(payload, "payload");
        Objects.requireNonNull(receivedAt, "receivedAt");
        Objects.requireNonNull(receipt, "receipt");
    }
}
