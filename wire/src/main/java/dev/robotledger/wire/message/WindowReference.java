package dev.robotledger.wire.message;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Iterator;
import java.util.Optional;

/**
 * The telemetry window a production event ({@link MessageType#COMPONENT_PRODUCED},
 * {@link MessageType#ASSEMBLED}) names in its payload: {@code "telemetryWindow": {"seq": 41}}, the
 * envelope number of a {@link MessageType#TELEMETRY_WINDOW} of the same robot (the event's
 * envelope says which robot), sealed and signed before the event. That window holds the readings
 * taken up to the production, and the event carries the window's signing time as its own
 * timestamp, so the production time lies within the time range of the anchor batch that holds
 * the window. The field is optional: an event without it names no window.
 */
public record WindowReference(long seq) {

    /** The payload field that holds the reference. */
    public static final String FIELD = "telemetryWindow";

    public WindowReference {
        if (seq < 0 || seq > Json.MAX_SAFE_INTEGER) {
            throw new IllegalArgumentException(FIELD + ".seq must be 0.." + Json.MAX_SAFE_INTEGER + ", was " + seq);
        }
    }

    /** Adds the reference to a production event's payload. */
    public ObjectNode addTo(ObjectNode payload) {
        payload.putObject(FIELD).put("seq", seq);
        return payload;
    }

    /**
     * The window a payload names, if any.
     *
     * @throws IllegalArgumentException naming the fault when the field is there but is not exactly
     *                                  {@code {"seq": <integer 0..2^53-1>}}
     */
    public static Optional<WindowReference> of(JsonNode payload) {
        JsonNode node = payload.get(FIELD);
        if (node == null) {
            return Optional.empty();
        }
        if (!node.isObject()) {
            throw new IllegalArgumentException(
                    FIELD + " must be an object {\"seq\": <window envelope number>}, was " + node.getNodeType());
        }
        for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!name.equals("seq")) {
                throw new IllegalArgumentException(FIELD + " has a field other than seq; the window is always"
                        + " the robot's own, named by its envelope number");
            }
        }
        JsonNode seq = node.get("seq");
        if (seq == null || seq.isNull()) {
            throw new IllegalArgumentException(FIELD + ".seq is missing");
        }
        if (!seq.isIntegralNumber() || !seq.canConvertToLong()) {
            throw new IllegalArgumentException(FIELD + ".seq must be an integer, was " + seq);
        }
        return Optional.of(new WindowReference(seq.longValue()));
    }
}
