package dev.robotledger.gateway.production;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.springframework.stereotype.Component;

/**
 * The pending production events the submitter holds, and why: each waits for the anchor of the
 * telemetry window it names, or for earlier pending events it depends on (its good's production,
 * its parts'). The operator API shows the reason on the event; the metrics how long the oldest
 * has waited for an anchor. Written by the submitter once a round, as a whole.
 */
@Component
public class ProductionWait {

    /** The event waits since {@code since} for the reason given; {@code forAnchor} when for its window's anchor. */
    public record Waiting(long envelopeId, String eventId, String reason, Instant since, boolean forAnchor) {}

    private volatile Map<Long, Waiting> waiting = Map.of();

    /** Why the pending event of {@code envelopeId} is held, if it is. */
    public Optional<Waiting> of(long envelopeId) {
        return Optional.ofNullable(waiting.get(envelopeId));
    }

    /** Every held event, by envelope id. */
    public Map<Long, Waiting> all() {
        return waiting;
    }

    void replace(Map<Long, Waiting> held) {
        waiting = Map.copyOf(held);
    }
}
