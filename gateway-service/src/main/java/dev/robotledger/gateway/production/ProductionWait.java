package dev.robotledger.gateway.production;

import java.time.Instant;
import java.util.Optional;
import org.springframework.stereotype.Component;

/**
 * The production event the submitter holds, if any, until the anchor batch holding the telemetry
 * window it names is on the ledger: journal order keeps every later event pending behind it. The
 * operator API shows the reason on the event; the metrics how long it has waited.
 */
@Component
public class ProductionWait {

    /** The oldest pending event waits since {@code since} for the reason given. */
    public record Waiting(long envelopeId, String eventId, String reason, Instant since) {
    }

    private volatile Waiting current;

    public Optional<Waiting> current() {
        return Optional.ofNullable(current);
    }

    void waiting(Waiting waiting) {
        current = waiting;
    }

    void clear() {
        current = null;
    }
}
