package dev.robotledger.wire.message;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.robotledger.wire.message.WireFormatException.Reason;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * One telemetry reading of a robot.
 *
 * @param readingSeq      per-robot reading number, consecutive across windows (independent of the
 *                        envelope sequence)
 * @param timestamp       epoch milliseconds when it was measured
 * @param sensors         sensor name ({@code [A-Za-z0-9._-]{1,64}}) to finite value
 * @param energyWh        energy used since the previous reading, watt-hours
 * @param cycleTimeMillis duration of the work cycle this reading closes
 */
public record Reading(
        long readingSeq, long timestamp, Map<String, Double> sensors, double energyWh, long cycleTimeMillis) {

    static final int MAX_SENSORS = 64;
    private static final Set<String> FIELDS =
            Set.of("readingSeq", "timestamp", "sensors", "energyWh", "cycleTimeMillis");

    public Reading {
        Json.checkSafeNonNegative("readingSeq", readingSeq, null);
        Json.checkSafeNonNegative("timestamp", timestamp, null);
        Json.checkSafeNonNegative("cycleTimeMillis", cycleTimeMillis, null);
        if (!Double.isFinite(energyWh)) {
            throw new WireFormatException(Reason.OUT_OF_RANGE, null, "energyWh must be finite, got " + energyWh);
        }
        if (sensors.size() > MAX_SENSORS) {
            throw new WireFormatException(
                    Reason.OUT_OF_RANGE,
                    null,
                    "a reading has at most " + MAX_SENSORS + " sensors, got " + sensors.size());
        }
        for (Map.Entry<String, Double> sensor : sensors.entrySet()) {
            Json.checkId("sensor name", sensor.getKey(), null);
            if (sensor.getValue() == null || !Double.isFinite(sensor.getValue())) {
                throw new WireFormatException(
                        Reason.OUT_OF_RANGE,
                        null,
                        "sensor " + sensor.getKey() + " must have a finite value, got " + sensor.getValue());
            }
        }
        sensors = Map.copyOf(sensors);
    }

    /**
     * The Merkle leaf data of this reading: the RFC 8785 canonical JSON of the reading with the
     * robot id added, so a leaf names its robot wherever it ends up (window seal or anchor batch).
     */
    public byte[] leafBytes(String robotId) {
        Json.checkId("robotId", robotId, null);
        // Written directly in RFC 8785 form, which is what Json.canonicalBytes(toJson() + robotId)
        // yields (ReadingTest checks they agree) at a fraction of the cost: the gateway computes
        // one leaf per reading. Keys in UTF-16 order; ids are [A-Za-z0-9._-] and need no escaping;
        // the integers are safe (below 2^53), so they print the same as ECMAScript numbers.
        StringBuilder json = new StringBuilder(96 + 32 * sensors.size());
        json.append("{\"cycleTimeMillis\":")
                .append(cycleTimeMillis)
                .append(",\"energyWh\":")
                .append(Json.canonicalNumber(energyWh))
                .append(",\"readingSeq\":")
                .append(readingSeq)
                .append(",\"robotId\":\"")
                .append(robotId)
                .append("\",\"sensors\":{");
        String separator = "";
        for (Map.Entry<String, Double> sensor : new TreeMap<>(sensors).entrySet()) {
            json.append(separator)
                    .append('"')
                    .append(sensor.getKey())
                    .append("\":")
                    .append(Json.canonicalNumber(sensor.getValue()));
            separator = ",";
        }
        return json.append("},\"timestamp\":")
                .append(timestamp)
                .append('}')
                .toString()
                .getBytes(StandardCharsets.US_ASCII);
    }

    public ObjectNode toJson() {
        ObjectNode node = Json.object();
        node.put("readingSeq", readingSeq);
        node.put("timestamp", timestamp);
        ObjectNode sensorNode = node.putObject("sensors");
        new TreeMap<>(sensors).forEach(sensorNode::put);
        node.put("energyWh", energyWh);
        node.put("cycleTimeMillis", cycleTimeMillis);
        return node;
    }

    /** Reads a reading object; {@code robotId} only names the sender in errors. */
    public static Reading fromJson(JsonNode node, String robotId) {
        if (!node.isObject()) {
            throw new WireFormatException(Reason.WRONG_TYPE, robotId, "a reading must be an object");
        }
        Json.onlyFields(node, FIELDS, "reading", robotId);
        JsonNode sensorNode = Json.objectField(node, "sensors", robotId);
        Map<String, Double> sensors = new TreeMap<>();
        for (Map.Entry<String, JsonNode> sensor : sensorNode.properties()) {
            sensors.put(sensor.getKey(), Json.doubleField(sensorNode, sensor.getKey(), robotId));
        }
        try {
            return new Reading(
                    Json.longField(node, "readingSeq", robotId),
                    Json.longField(node, "timestamp", robotId),
                    sensors,
                    Json.doubleField(node, "energyWh", robotId),
                    Json.longField(node, "cycleTimeMillis", robotId));
        } catch (WireFormatException e) {
            throw e.attributedTo(robotId);
        }
    }
}
