package dev.robotledger.gateway.journal;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/** Read-only queries over the journal for the operator API and the live feed. Blocking (JDBC). */
@Component
public class JournalReader {

    private final JdbcTemplate jdbc;

    public JournalReader(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** The newest dead letters first, optionally only those with one reason. */
    public List<DeadLetter> deadLetters(String reason, int limit) {
        return jdbc.query(DEAD_LETTER_COLUMNS + """
                FROM dead_letters WHERE (?::text IS NULL OR reason = ?)
                ORDER BY dead_letter_id DESC LIMIT ?""", (row, index) -> deadLetter(row), reason, reason, limit);
    }

    /**
     * The newest {@code limit} dead letters recorded after {@code afterId}, oldest first. Older ones
     * beyond the limit are left out: a follower that falls behind catches up with the newest.
     */
    public List<DeadLetter> deadLettersAfter(long afterId, int limit) {
        List<DeadLetter> newestFirst =
                jdbc.query(DEAD_LETTER_COLUMNS + """
                FROM dead_letters WHERE dead_letter_id > ?
                ORDER BY dead_letter_id DESC LIMIT ?""", (row, index) -> deadLetter(row), afterId, limit);
        List<DeadLetter> oldestFirst = new ArrayList<>(newestFirst);
        Collections.reverse(oldestFirst);
        return oldestFirst;
    }

    /** The id of the newest dead letter, 0 when there is none. */
    public long lastDeadLetterId() {
        return count("SELECT coalesce(max(dead_letter_id), 0) FROM dead_letters");
    }

    private static final String DEAD_LETTER_COLUMNS =
            "SELECT dead_letter_id, reason, detail, topic, robot_id, seq, body_size, body_prefix, received_at ";

    private static DeadLetter deadLetter(ResultSet row) throws SQLException {
        return new DeadLetter(
                row.getLong("dead_letter_id"),
                row.getString("reason"),
                row.getString("detail"),
                row.getString("topic"),
                row.getString("robot_id"),
                row.getObject("seq", Long.class),
                row.getInt("body_size"),
                Base64.getEncoder().encodeToString(row.getBytes("body_prefix")),
                row.getTimestamp("received_at").toInstant());
    }

    /**
     * Every robot's accepted and rejected traffic, keyed by robot id; only robots the journal has
     * a message from. The counts scan the journal's envelopes and dead letters.
     */
    public Map<String, RobotActivity> robotActivity() {
        return activity(null);
    }

    /** One robot's accepted and rejected traffic ({@link RobotActivity#none} if it sent nothing). */
    public RobotActivity robotActivity(String robotId) {
        return activity(robotId).getOrDefault(robotId, RobotActivity.none(robotId));
    }

    // robotId null: every robot.
    private Map<String, RobotActivity> activity(String robotId) {
        Map<String, Accepted> accepted = new HashMap<>();
        // Counters the journal keeps per robot in each commit: one row per robot, not a journal scan.
        jdbc.query(
                """
                SELECT robot_id, last_seq, envelopes, readings, last_received_at FROM robot_sequences
                WHERE (?::text IS NULL OR robot_id = ?)""",
                row -> {
                    Timestamp lastSeen = row.getTimestamp("last_received_at");
                    accepted.put(
                            row.getString("robot_id"),
                            new Accepted(
                                    row.getLong("last_seq"),
                                    lastSeen == null ? null : lastSeen.toInstant(),
                                    row.getLong("envelopes"),
                                    row.getLong("readings")));
                },
                robotId,
                robotId);
        Map<String, Map<String, Long>> rejected = new HashMap<>();
        Map<String, Instant> lastRejected = new HashMap<>();
        // Refusals past the per-robot rate are only counted; a sender with a '/' is a topic, not a robot id.
        jdbc.query(
                """
                SELECT robot_id, reason, sum(refused) AS refused, max(last_refused) AS last_refused FROM (
                    SELECT robot_id, reason, count(*) AS refused, max(received_at) AS last_refused
                    FROM dead_letters WHERE robot_id IS NOT NULL AND (?::text IS NULL OR robot_id = ?)
                    GROUP BY robot_id, reason
                    UNION ALL
                    SELECT sender, reason, sum(refused), max(last_received_at)
                    FROM dead_letter_overflow WHERE sender NOT LIKE '%/%' AND (?::text IS NULL OR sender = ?)
                    GROUP BY sender, reason) counted
                GROUP BY robot_id, reason""",
                row -> {
                    String id = row.getString("robot_id");
                    rejected.computeIfAbsent(id, key -> new HashMap<>())
                            .put(row.getString("reason"), row.getLong("refused"));
                    lastRejected.merge(
                            id, row.getTimestamp("last_refused").toInstant(), (a, b) -> a.isAfter(b) ? a : b);
                },
                robotId,
                robotId,
                robotId,
                robotId);
        Map<String, RobotActivity> activity = new TreeMap<>();
        for (String id : union(accepted.keySet(), rejected.keySet())) {
            Accepted ok = accepted.getOrDefault(id, Accepted.NONE);
            Map<String, Long> refused = rejected.getOrDefault(id, Map.of());
            activity.put(
                    id,
                    new RobotActivity(
                            id,
                            ok.lastSeq(),
                            ok.lastSeen(),
                            ok.envelopes(),
                            ok.readings(),
                            refused.values().stream().mapToLong(Long::longValue).sum(),
                            refused,
                            lastRejected.get(id)));
        }
        return activity;
    }

    private record Accepted(Long lastSeq, Instant lastSeen, long envelopes, long readings) {
        static final Accepted NONE = new Accepted(null, null, 0, 0);
    }

    private static Set<String> union(Set<String> a, Set<String> b) {
        Set<String> all = new TreeSet<>(a);
        all.addAll(b);
        return all;
    }

    /** Anchor batches by state (a small table: one row per sealed batch). */
    public AnchorBatchCounts anchorBatchCounts() {
        Map<String, Long> byState = new HashMap<>();
        jdbc.query("SELECT state, count(*) AS batches FROM anchor_batches GROUP BY state", row -> {
            byState.put(row.getString("state"), row.getLong("batches"));
        });
        long pending = byState.getOrDefault("PENDING_SUBMISSION", 0L);
        long submitted = byState.getOrDefault("SUBMITTED", 0L);
        long anchored = byState.getOrDefault("ANCHORED", 0L);
        return new AnchorBatchCounts(pending + submitted + anchored, pending, submitted, anchored);
    }

    /** Production events by ledger state (one row per journaled event; PENDING through its own index). */
    public ProductionEventCounts productionEventCounts() {
        Map<String, Long> byState = new HashMap<>();
        jdbc.query("SELECT state, count(*) AS events FROM production_events GROUP BY state", row -> {
            byState.put(row.getString("state"), row.getLong("events"));
        });
        return new ProductionEventCounts(
                byState.getOrDefault("PENDING", 0L),
                byState.getOrDefault("COMMITTED", 0L),
                byState.getOrDefault("REFUSED", 0L));
    }

    public IngestionStatus status() {
        List<IngestionStatus.RobotProgress> robots = jdbc.query(
                "SELECT robot_id, last_seq, updated_at FROM robot_sequences ORDER BY robot_id",
                (row, index) -> new IngestionStatus.RobotProgress(
                        row.getString("robot_id"),
                        row.getLong("last_seq"),
                        row.getTimestamp("updated_at").toInstant()));
        List<IngestionStatus.SequenceGap> gaps = jdbc.query(
                """
                SELECT robot_id, first_missing, last_missing, detected_at FROM sequence_gaps
                ORDER BY robot_id, first_missing""",
                (row, index) -> new IngestionStatus.SequenceGap(
                        row.getString("robot_id"),
                        row.getLong("first_missing"),
                        row.getLong("last_missing"),
                        row.getTimestamp("detected_at").toInstant()));
        return new IngestionStatus(
                count("SELECT count(*) FROM envelopes"),
                count("SELECT coalesce(sum(reading_count), 0) FROM envelopes"),
                count("SELECT count(*) FROM dead_letters"),
                pendingReadings(),
                count("SELECT count(*) FROM anchor_batches"),
                productionEventCounts(),
                robots,
                gaps);
    }

    // Readings journaled but not yet sealed into an anchor batch.
    private long pendingReadings() {
        return count("""
                SELECT coalesce(sum(reading_count), 0) FROM envelopes
                WHERE message_type = 'TELEMETRY_WINDOW' AND batch_id IS NULL""");
    }

    private long count(String sql) {
        Long value = jdbc.queryForObject(sql, Long.class);
        return value == null ? 0 : value;
    }
}
