package dev.robotledger.gateway.journal;

import java.util.Base64;
import java.util.List;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/** Read-only queries over the journal for the operator API. Blocking (JDBC). */
@Component
public class JournalReader {

    private final JdbcTemplate jdbc;

    public JournalReader(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** The newest dead letters first, optionally only those with one reason. */
    public List<DeadLetter> deadLetters(String reason, int limit) {
        String sql = """
                SELECT dead_letter_id, reason, detail, topic, robot_id, seq, body_size, body_prefix, received_at
                FROM dead_letters WHERE (?::text IS NULL OR reason = ?)
                ORDER BY dead_letter_id DESC LIMIT ?""";
        return jdbc.query(sql, (row, index) -> new DeadLetter(
                row.getLong("dead_letter_id"),
                row.getString("reason"),
                row.getString("detail"),
                row.getString("topic"),
                row.getString("robot_id"),
                row.getObject("seq", Long.class),
                row.getInt("body_size"),
                Base64.getEncoder().encodeToString(row.getBytes("body_prefix")),
                row.getTimestamp("received_at").toInstant()), reason, reason, limit);
    }

    public IngestionStatus status() {
        List<IngestionStatus.RobotProgress> robots = jdbc.query(
                "SELECT robot_id, last_seq, updated_at FROM robot_sequences ORDER BY robot_id",
                (row, index) -> new IngestionStatus.RobotProgress(row.getString("robot_id"),
                        row.getLong("last_seq"), row.getTimestamp("updated_at").toInstant()));
        List<IngestionStatus.SequenceGap> gaps = jdbc.query("""
                SELECT robot_id, first_missing, last_missing, detected_at FROM sequence_gaps
                ORDER BY robot_id, first_missing""",
                (row, index) -> new IngestionStatus.SequenceGap(row.getString("robot_id"),
                        row.getLong("first_missing"), row.getLong("last_missing"),
                        row.getTimestamp("detected_at").toInstant()));
        return new IngestionStatus(
                count("SELECT count(*) FROM envelopes"),
                count("SELECT count(*) FROM readings"),
                count("SELECT count(*) FROM dead_letters"),
                pendingReadings(),
                count("SELECT count(*) FROM anchor_batches"),
                robots, gaps);
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
