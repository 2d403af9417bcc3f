package dev.robotledger.gateway.production;

import dev.robotledger.gateway.journal.JournalSharing;
import dev.robotledger.gateway.json.Json;
import dev.robotledger.wire.merkle.Digest;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * Production events' ledger state in the journal ({@code production_events}). The journal writer
 * adds each event as PENDING in the commit that journals it; this records what the ledger made of it.
 * A decision is written once: recording another outcome for a decided event changes nothing.
 */
@Component
public class ProductionEvents {

    private final JdbcTemplate jdbc;

    /**
     * How long, with {@link JournalSharing#SHARED shared} journal writers, an event waits for a
     * lower number of its robot missing in a recorded gap: another gateway's share waits at the
     * broker until that gateway is back.
     */
    static final int MISSING_NUMBER_WAIT_MINUTES = 10;

    private final JournalSharing sharing;

    public ProductionEvents(JdbcTemplate jdbc, JournalSharing sharing) {
        this.jdbc = jdbc;
        this.sharing = sharing;
    }

    /** A pending event's envelope, exactly as journaled. */
    public record Pending(long envelopeId, byte[] body) {}

    /** The oldest pending events, in journal order. */
    public List<Pending> pending(int limit) {
        return jdbc.query("""
                SELECT p.envelope_id, e.body FROM production_events p JOIN envelopes e USING (envelope_id)
                WHERE p.state = 'PENDING' ORDER BY p.envelope_id LIMIT ?""", (row, index) -> new Pending(row.getLong("envelope_id"), row.getBytes("body")), limit);
    }

    /**
     * The journal's state of the telemetry window {@code robotId/seq} that a production names:
     * the envelope's type and, for a window in a batch, the batch's number, state and root.
     */
    public NamedWindow namedWindow(String robotId, long seq) {
        List<NamedWindow> found = jdbc.query(
                """
                SELECT e.message_type, e.batch_id, b.state, b.merkle_root
                FROM envelopes e LEFT JOIN anchor_batches b ON b.batch_id = e.batch_id
                WHERE e.robot_id = ? AND e.seq = ?""",
                (row, index) -> {
                    byte[] root = row.getBytes("merkle_root");
                    return NamedWindow.of(
                            row.getString("message_type"),
                            row.getObject("batch_id", Long.class),
                            row.getString("state"),
                            root == null ? null : new Digest(root));
                },
                robotId,
                seq);
        return found.isEmpty() ? NamedWindow.notJournaled() : found.get(0);
    }

    /**
     * With {@link JournalSharing#SHARED shared} journal writers: per robot, its lowest number missing
     * in a gap recorded less than {@value #MISSING_NUMBER_WAIT_MINUTES} minutes ago, which may still
     * come through another gateway. A sole writer takes each robot's numbers in order: nothing to
     * wait for.
     */
    public Map<String, Long> awaitedNumbers(Set<String> robotIds) {
        Map<String, Long> lowest = new HashMap<>();
        if (sharing != JournalSharing.SHARED || robotIds.isEmpty()) {
            return lowest;
        }
        jdbc.query(
                """
                SELECT robot_id, min(first_missing) FROM sequence_gaps
                WHERE robot_id = ANY(?::text[]) AND detected_at > now() - make_interval(mins => ?)
                GROUP BY robot_id""",
                row -> {
                    lowest.put(row.getString(1), row.getLong(2));
                },
                robotIds.toArray(String[]::new),
                MISSING_NUMBER_WAIT_MINUTES);
        return lowest;
    }

    /**
     * The refused productions (components and assemblies, by the gateway or the ledger) of these
     * good ids, and the committed productions of the same ids journaled after the first refused
     * one: what {@link CausalOrder} needs to tell an event naming a good whose production was
     * refused. Refusals are few (an index holds them); committed productions are read only when one
     * of the goods has a refused production.
     */
    Map<String, List<CausalOrder.DecidedProduction>> decidedProductions(Set<String> goodIds) {
        Map<String, List<CausalOrder.DecidedProduction>> found = new HashMap<>();
        if (goodIds.isEmpty()) {
            return found;
        }
        List<Producer> refused = producers("REFUSED", goodIds, 0);
        if (refused.isEmpty()) {
            return found;
        }
        long firstRefused =
                refused.stream().mapToLong(Producer::envelopeId).min().orElseThrow();
        Set<String> refusedGoods = new HashSet<>();
        refused.forEach(producer -> refusedGoods.add(producer.goodId()));
        List<Producer> producers = new ArrayList<>(refused);
        producers.addAll(producers("COMMITTED", refusedGoods, firstRefused));
        for (Producer producer : producers) {
            found.computeIfAbsent(producer.goodId(), good -> new ArrayList<>())
                    .add(new CausalOrder.DecidedProduction(
                            producer.envelopeId(), producer.eventId(), producer.refused()));
        }
        return found;
    }

    private record Producer(long envelopeId, String eventId, String goodId, boolean refused) {}

    /** The productions in {@code state} of these goods journaled after an envelope. */
    private List<Producer> producers(String state, Set<String> goodIds, long afterEnvelopeId) {
        return jdbc.query(
                """
                SELECT p.envelope_id, p.event_id, e.robot_id, e.seq, g.good_id
                FROM production_events p JOIN envelopes e USING (envelope_id)
                CROSS JOIN LATERAL (SELECT convert_from(e.body, 'UTF8')::jsonb AS body) j
                CROSS JOIN LATERAL (SELECT coalesce(j.body #>> '{payload,product,goodId}',
                                                    j.body #>> '{payload,goodId}') AS good_id) g
                WHERE p.state = ? AND p.envelope_id > ? AND e.message_type IN ('COMPONENT_PRODUCED', 'ASSEMBLED')
                  AND g.good_id = ANY (?)""",
                statement -> {
                    statement.setString(1, state);
                    statement.setLong(2, afterEnvelopeId);
                    statement.setArray(3, statement.getConnection().createArrayOf("text", goodIds.toArray()));
                },
                (row, index) -> {
                    String eventId = row.getString("event_id");
                    return new Producer(
                            row.getLong("envelope_id"),
                            eventId != null
                                    ? eventId
                                    : ProductionEvent.eventId(row.getString("robot_id"), row.getLong("seq")),
                            row.getString("good_id"),
                            "REFUSED".equals(state));
                });
    }

    public long pendingCount() {
        Long count = jdbc.queryForObject("SELECT count(*) FROM production_events WHERE state = 'PENDING'", Long.class);
        return count == null ? 0 : count;
    }

    /** Records the commit; false when the event was no longer pending (another gateway decided it). */
    public boolean markCommitted(long envelopeId, String eventId, ProductionReceipt receipt, Instant at) {
        return jdbc.update("""
                UPDATE production_events SET state = 'COMMITTED', event_id = ?, transaction_id = ?, block_number = ?,
                                             decided_at = ?
                WHERE envelope_id = ? AND state = 'PENDING'""", eventId, receipt.transactionId(), receipt.blockNumber(), Timestamp.from(at), envelopeId)
                == 1;
    }

    /** Records the refusal; false when the event was no longer pending. */
    public boolean markRefused(long envelopeId, String eventId, RefusedBy by, String code, String message, Instant at) {
        return jdbc.update("""
                UPDATE production_events SET state = 'REFUSED', event_id = ?, refused_by = ?, error_code = ?,
                                             error_message = ?, decided_at = ?
                WHERE envelope_id = ? AND state = 'PENDING'""", eventId, by.name(), code, storable(message), Timestamp.from(at), envelopeId) == 1;
    }

    /** Events in one state (or all when {@code state} is null), newest first. */
    public List<ProductionEventRecord> list(ProductionEventState state, int limit) {
        String stateName = state == null ? null : state.name();
        return jdbc.query("""
                SELECT p.envelope_id, e.robot_id, e.seq, e.message_type, e.received_at, e.body, p.state, p.event_id,
                       p.transaction_id, p.block_number, p.refused_by, p.error_code, p.error_message, p.decided_at
                FROM production_events p JOIN envelopes e USING (envelope_id)
                WHERE (?::text IS NULL OR p.state = ?)
                ORDER BY p.envelope_id DESC LIMIT ?""", (row, index) -> record(row), stateName, stateName, limit);
    }

    private static ProductionEventRecord record(ResultSet row) throws SQLException {
        String robotId = row.getString("robot_id");
        long seq = row.getLong("seq");
        Timestamp decidedAt = row.getTimestamp("decided_at");
        String refusedBy = row.getString("refused_by");
        String eventId = row.getString("event_id");
        return new ProductionEventRecord(
                row.getLong("envelope_id"),
                robotId,
                seq,
                row.getString("message_type"),
                goodIdOf(row.getBytes("body")),
                eventId == null ? ProductionEvent.eventId(robotId, seq) : eventId,
                ProductionEventState.valueOf(row.getString("state")),
                row.getTimestamp("received_at").toInstant(),
                decidedAt == null ? null : decidedAt.toInstant(),
                row.getString("transaction_id"),
                row.getObject("block_number", Long.class),
                refusedBy == null ? null : RefusedBy.valueOf(refusedBy),
                row.getString("error_code"),
                row.getString("error_message"),
                null);
    }

    /**
     * The good a journaled event's payload names: {@code goodId}, or an assembly's
     * {@code product.goodId}. Only for listing, so a payload without one gives {@code null}.
     */
    static String goodIdOf(byte[] body) {
        try {
            JsonNode payload = Json.MAPPER.readTree(body).path("payload");
            JsonNode goodId = payload.has("product") ? payload.path("product").path("goodId") : payload.path("goodId");
            return goodId.isString() ? goodId.asString() : null;
        } catch (JacksonException e) {
            return null;
        }
    }

    private static final int MAX_MESSAGE_LENGTH = 4_096;

    // PostgreSQL text cannot hold NUL, and a peer's message is not ours to bound.
    private static String storable(String text) {
        String message = text == null ? "" : text.replace('\u0000', '\uFFFD');
        return message.length() <= MAX_MESSAGE_LENGTH ? message : message.substring(0, MAX_MESSAGE_LENGTH) + "...";
    }
}
