package dev.robotledger.gateway.telemetry;

import dev.robotledger.gateway.provenance.ProvenanceReadModel;
import dev.robotledger.wire.message.Envelope;
import dev.robotledger.wire.message.Reading;
import dev.robotledger.wire.message.TelemetryWindow;
import java.time.Duration;
import java.time.Instant;
import java.util.TreeMap;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * The readings a good's robot signed around the good's production: the robot's telemetry windows
 * from the journal whose signing time lies near the production time, each reading with the anchor
 * batch its window went into (and so the inclusion proof that ties it to the ledger), beside the
 * production's process parameters from the read model. Blocking (JDBC).
 */
@Component
public class GoodTelemetry {

    public static final Duration MAX_SPAN = Duration.ofMinutes(10);
    /** Enough for a chart; a longer span is cut at this many readings, and the answer says so. */
    public static final int MAX_READINGS = 2_000;

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private final JdbcTemplate jdbc;
    private final ProvenanceReadModel readModel;

    public GoodTelemetry(JdbcTemplate jdbc, ProvenanceReadModel readModel) {
        this.jdbc = jdbc;
        this.readModel = readModel;
    }

    /**
     * The readings measured within {@code span} before and after the good's production.
     *
     * @throws dev.robotledger.gateway.provenance.UnknownGoodException when the read model holds no such good
     */
    public JsonNode around(String goodId, Duration span) {
        if (span.isNegative() || span.isZero() || span.compareTo(MAX_SPAN) > 0) {
            throw new IllegalArgumentException(
                    "span must be between 1 second and " + MAX_SPAN.toSeconds() + " seconds, was " + span.toSeconds());
        }
        ProvenanceReadModel.Answer<JsonNode> good = readModel.good(goodId);
        JsonNode production = good.value().path("production");
        String robotId = production.path("robotId").asString();
        long producedAt = production.path("producedAtEpochMillis").asLong();
        long from = producedAt - span.toMillis();
        long to = producedAt + span.toMillis();

        ObjectNode answer = NODES.objectNode()
                .put("goodId", goodId)
                .put("robotId", robotId)
                .put("producedAt", Instant.ofEpochMilli(producedAt).toString())
                .put("from", Instant.ofEpochMilli(from).toString())
                .put("to", Instant.ofEpochMilli(to).toString())
                .put("ledgerHeight", good.ledgerHeight());
        answer.set(
                "processParameters",
                production.path("processParameters").isObject()
                        ? production.get("processParameters")
                        : NODES.objectNode());
        answer.put("energyWh", production.path("energyWh").asDouble());
        answer.set(
                "telemetryAnchor",
                production.path("telemetryAnchor").isObject() ? production.get("telemetryAnchor") : NODES.nullNode());
        ArrayNode readings = answer.putArray("readings");
        // A window is signed when its last reading is taken, so windows signed up to one span after
        // the range may still hold readings from within it.
        jdbc.query(
                """
                SELECT e.seq, e.body, e.batch_id, b.state, b.transaction_id, b.block_number
                FROM envelopes e LEFT JOIN anchor_batches b ON b.batch_id = e.batch_id
                WHERE e.robot_id = ? AND e.message_type = 'TELEMETRY_WINDOW'
                  AND e.signed_at_millis >= ? AND e.signed_at_millis <= ?
                ORDER BY e.first_reading_seq""",
                row -> {
                    if (readings.size() >= MAX_READINGS) {
                        return;
                    }
                    TelemetryWindow window = Envelope.parse(row.getBytes("body"), Integer.MAX_VALUE)
                            .telemetryWindow();
                    Long batchId = row.getObject("batch_id", Long.class);
                    for (Reading reading : window.readings()) {
                        if (reading.timestamp() < from || reading.timestamp() > to || readings.size() >= MAX_READINGS) {
                            continue;
                        }
                        ObjectNode point = readings.addObject()
                                .put("readingSeq", reading.readingSeq())
                                .put("timestamp", reading.timestamp())
                                .put("energyWh", reading.energyWh())
                                .put("windowSeq", row.getLong("seq"));
                        ObjectNode sensors = point.putObject("sensors");
                        new TreeMap<>(reading.sensors()).forEach(sensors::put);
                        point.put("batchId", batchId).put("anchored", "ANCHORED".equals(row.getString("state")));
                        point.put("proof", "/api/readings/" + robotId + "/" + reading.readingSeq() + "/proof");
                    }
                },
                robotId,
                from,
                to + span.toMillis());
        answer.put("truncated", readings.size() >= MAX_READINGS);
        return answer;
    }
}
