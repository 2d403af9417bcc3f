package dev.robotledger.gateway.journal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Deletes dead letters and overflow counts older than {@code gateway.journal.dead-letter-retention},
 * at start-up and then every {@code dead-letter-purge-interval}. Dead letters are evidence for an
 * operator, not data a robot relies on: only the journal of accepted envelopes is kept for ever.
 */
@Component
class DeadLetterRetention implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(DeadLetterRetention.class);
    // Short transactions: a backlog of millions of rows must not hold locks for minutes.
    private static final int CHUNK = 10_000;

    private final DataSource dataSource;
    private final Duration retention;
    private final Duration interval;
    private ScheduledExecutorService scheduler;

    DeadLetterRetention(DataSource dataSource, JournalProperties properties) {
        this.dataSource = dataSource;
        this.retention = properties.deadLetterRetention();
        this.interval = properties.deadLetterPurgeInterval();
    }

    @Override
    public synchronized void start() {
        scheduler = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, "dead-letter-retention");
            thread.setDaemon(true);
            return thread;
        });
        scheduler.scheduleWithFixedDelay(this::purgeAndLog, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public synchronized void stop() {
        if (scheduler != null) {
            scheduler.shutdownNow();
            scheduler = null;
        }
    }

    @Override
    public synchronized boolean isRunning() {
        return scheduler != null;
    }

    private void purgeAndLog() {
        Instant cutoff = Instant.now().minus(retention);
        try {
            long deleted = purgeBefore(cutoff);
            if (deleted > 0) {
                log.info(
                        "deleted {} dead letters and overflow counts from before {} (gateway.journal.dead-letter-retention {})",
                        deleted,
                        cutoff,
                        retention);
            }
        } catch (SQLException | RuntimeException e) {
            // The next run tries again; a failure must not end the schedule.
            log.warn("dead-letter retention could not delete rows from before {}: {}", cutoff, e.getMessage());
        }
    }

    long purgeBefore(Instant cutoff) throws SQLException {
        long deleted = 0;
        try (Connection connection = dataSource.getConnection();
                PreparedStatement letters = connection.prepareStatement("""
                     DELETE FROM dead_letters WHERE dead_letter_id IN
                         (SELECT dead_letter_id FROM dead_letters WHERE received_at < ? LIMIT %d)""".formatted(CHUNK));
                PreparedStatement counts =
                        connection.prepareStatement("DELETE FROM dead_letter_overflow WHERE minute < ?")) {
            int chunk;
            do {
                letters.setTimestamp(1, Timestamp.from(cutoff));
                chunk = letters.executeUpdate();
                deleted += chunk;
            } while (chunk == CHUNK);
            counts.setTimestamp(1, Timestamp.from(cutoff));
            deleted += counts.executeUpdate();
        }
        return deleted;
    }
}
