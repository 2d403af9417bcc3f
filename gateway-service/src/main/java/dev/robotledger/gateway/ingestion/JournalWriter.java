package dev.robotledger.gateway.ingestion;

import dev.robotledger.gateway.journal.Journal;
import dev.robotledger.gateway.journal.JournalSharing;
import dev.robotledger.gateway.journal.JournalTransaction;
import dev.robotledger.gateway.journal.JournaledEnvelope;
import dev.robotledger.gateway.journal.RefusedMessage;
import dev.robotledger.gateway.journal.SequenceGap;
import dev.robotledger.gateway.robots.RobotDirectory;
import dev.robotledger.wire.merkle.Digest;
import dev.robotledger.wire.message.Envelope;
import dev.robotledger.wire.message.MessageType;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * The one writer between this gateway's ingestion queue and the journal. It takes whatever has queued up
 * (up to {@code gateway.ingestion.commit-batch-size}), verifies each message, journals the
 * accepted ones and dead-letters the refused ones in ONE PostgreSQL transaction, and only after
 * that commit acknowledges them all to the broker. A failed commit is retried with the same
 * messages (nothing was acknowledged, the sequence cache is dropped), so a database outage
 * stalls ingestion instead of losing or duplicating anything.
 */
@Component
class JournalWriter implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(JournalWriter.class);
    private static final Duration POLL = Duration.ofMillis(200);
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(5);

    private final IngestionQueue queue;
    private final MessageVerifier verifier;
    private final Journal journal;
    private final IngestionMetrics metrics;
    private final int commitBatchSize;
    private final SequenceCheck sequences;
    private final JournalSharing sharing;
    private volatile boolean running;
    private Thread thread;

    JournalWriter(
            IngestionQueue queue,
            RobotDirectory robots,
            Journal journal,
            IngestionMetrics metrics,
            IngestionProperties properties,
            JournalSharing sharing) {
        this.queue = queue;
        this.verifier = new MessageVerifier(robots, properties);
        this.journal = journal;
        this.metrics = metrics;
        this.commitBatchSize = properties.commitBatchSize();
        this.sequences = new SequenceCheck(properties.maxSequenceJump(), sharing);
        this.sharing = sharing;
    }

    @Override
    public void start() {
        running = true;
        thread = new Thread(this::run, "journal-writer");
        thread.start();
    }

    @Override
    public void stop() {
        running = false;
        if (thread != null) {
            thread.interrupt();
            try {
                thread.join(Duration.ofSeconds(30).toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /** Below the MQTT adapter's phase: ready before messages arrive, stopped after intake stops. */
    @Override
    public int getPhase() {
        return SmartLifecycle.DEFAULT_PHASE - 1;
    }

    private void run() {
        List<Delivery> batch = new ArrayList<>(commitBatchSize);
        while (running) {
            try {
                batch.clear();
                queue.drain(commitBatchSize, POLL, batch);
                if (!batch.isEmpty()) {
                    journalUntilCommitted(batch);
                    batch.forEach(delivery -> delivery.receipt().acknowledge());
                }
            } catch (InterruptedException e) {
                // Stopping: whatever is unacknowledged stays with the broker.
                return;
            }
        }
    }

    // Screening is inside the retry: a robot lookup can fail while the database is away.
    private void journalUntilCommitted(List<Delivery> batch) throws InterruptedException {
        Duration backoff = Duration.ofMillis(100);
        while (true) {
            try {
                // Screening is stateless and CPU-bound (ECDSA): spread it over the cores, keep the order.
                journal(batch.parallelStream().map(verifier::screen).toList());
                return;
            } catch (VirtualMachineError e) {
                throw e;
            } catch (Exception | Error e) {
                // Anything else is a failed commit to retry: a connection lost mid-batch even
                // surfaces as an AssertionError from pgjdbc when assertions are on, and a dead
                // writer thread would stall ingestion silently.
                sequences.forget();
                metrics.commitFailed();
                if (refusedByContent(e)) {
                    if (batch.size() > 1) {
                        log.warn(
                                "the journal refused a batch of {} messages ({}); committing them one by one",
                                batch.size(),
                                e.getMessage());
                        for (Delivery delivery : batch) {
                            journalUntilCommitted(List.of(delivery));
                        }
                        return;
                    }
                    if (deadLetterRefused(batch.get(0), e)) {
                        return;
                    }
                }
                log.error(
                        "journal commit of {} messages failed, retrying in {}: {}",
                        batch.size(),
                        backoff,
                        e.getMessage());
                Thread.sleep(backoff.toMillis());
                backoff = backoff.multipliedBy(2).compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : backoff.multipliedBy(2);
            }
        }
    }

    // Cardinality, data and integrity errors (SQLSTATE classes 21, 22, 23) come from what is
    // written, not from the database being away: the same content would fail for ever and stall
    // everything behind it.
    private static boolean refusedByContent(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof SQLException sql) {
                for (SQLException next = sql; next != null; next = next.getNextException()) {
                    String state = next.getSQLState();
                    if (state != null && (state.startsWith("21") || state.startsWith("22") || state.startsWith("23"))) {
                        return true;
                    }
                }
            }
        }
        return false;
    }

    private boolean deadLetterRefused(Delivery delivery, Throwable failure) {
        try (JournalTransaction transaction = journal.begin()) {
            transaction.deadLetter(deadLetter(
                    delivery,
                    RejectionReason.JOURNAL_REFUSED,
                    "the journal refused to store it: " + failure.getMessage(),
                    null,
                    null));
            transaction.commit();
            metrics.rejected(RejectionReason.JOURNAL_REFUSED);
            return true;
        } catch (SQLException | RuntimeException e) {
            log.error("cannot dead-letter a message the journal refused: {}", e.getMessage());
            return false;
        }
    }

    private void journal(List<Screening> screened) throws SQLException {
        List<RejectionReason> rejections = new ArrayList<>();
        int accepted = 0;
        long readings = 0;
        int duplicates = 0;
        int gaps = 0;
        int filled = 0;
        try (JournalTransaction transaction = journal.begin()) {
            List<String> robotIds = screened.stream()
                    .filter(Screening.Passed.class::isInstance)
                    .map(passed -> ((Screening.Passed) passed).envelope().robotId())
                    .toList();
            SequenceCheck.Batch decisions = sequences.begin(new TransactionLedger(transaction), robotIds);
            // The robot directory's cache sees only this gateway's revocations; another gateway's
            // are in the table, and refuse the robot's messages from its next group commit on.
            Set<String> revoked = sharing == JournalSharing.SHARED ? transaction.revokedRobots(robotIds) : Set.of();
            for (Screening screening : screened) {
                if (screening instanceof Screening.Refused refused) {
                    transaction.deadLetter(deadLetter(
                            refused.delivery(), refused.reason(), refused.detail(), refused.robotId(), refused.seq()));
                    rejections.add(refused.reason());
                    continue;
                }
                Screening.Passed passed = (Screening.Passed) screening;
                Envelope envelope = passed.envelope();
                if (revoked.contains(envelope.robotId())) {
                    transaction.deadLetter(deadLetter(
                            passed.delivery(),
                            RejectionReason.REVOKED_ROBOT,
                            "robot " + envelope.robotId() + " is revoked",
                            envelope.robotId(),
                            envelope.seq()));
                    rejections.add(RejectionReason.REVOKED_ROBOT);
                    continue;
                }
                byte[] digest = Digest.sha256(passed.delivery().payload()).bytes();
                SequenceDecision decision = decisions.decide(
                        envelope.robotId(),
                        envelope.seq(),
                        digest,
                        passed.delivery().receivedAt());
                if (decision instanceof SequenceDecision.Duplicate) {
                    duplicates++;
                } else if (decision instanceof SequenceDecision.Replay replay) {
                    transaction.deadLetter(deadLetter(
                            passed.delivery(),
                            RejectionReason.REPLAYED_SEQUENCE,
                            "envelope " + envelope.id() + " is at or below the last accepted sequence number "
                                    + replay.lastAccepted() + " and differs from what was journaled",
                            envelope.robotId(),
                            envelope.seq()));
                    rejections.add(RejectionReason.REPLAYED_SEQUENCE);
                } else if (decision instanceof SequenceDecision.Late late) {
                    transaction.deadLetter(deadLetter(
                            passed.delivery(),
                            RejectionReason.OUT_OF_ORDER,
                            "envelope " + envelope.id() + " arrived after robot " + envelope.robotId()
                                    + "'s sequence had reached " + late.lastAccepted()
                                    + " and its number is in no recorded gap (it lies below the robot's first"
                                    + " journaled number)",
                            envelope.robotId(),
                            envelope.seq()));
                    rejections.add(RejectionReason.OUT_OF_ORDER);
                } else if (decision instanceof SequenceDecision.TooFarAhead ahead) {
                    transaction.deadLetter(deadLetter(
                            passed.delivery(),
                            RejectionReason.SEQUENCE_JUMP,
                            "envelope " + envelope.id() + " jumps more than " + ahead.maxJump()
                                    + " past robot " + envelope.robotId() + "'s sequence at " + ahead.baseline()
                                    + " (gateway.ingestion.max-sequence-jump); the robot's sequence is unchanged",
                            envelope.robotId(),
                            envelope.seq()));
                    rejections.add(RejectionReason.SEQUENCE_JUMP);
                } else {
                    if (decision instanceof SequenceDecision.Gap) {
                        gaps++;
                    } else if (decision instanceof SequenceDecision.Filled) {
                        filled++;
                    }
                    transaction.append(journaled(passed, digest));
                    accepted++;
                    readings += passed.readingCount();
                }
            }
            SequenceCheck.GapChanges changes = decisions.gapChanges();
            transaction.changeGaps(changes.closed(), changes.opened());
            transaction.commit();
            decisions.committed();
        }
        metrics.accepted(accepted, readings);
        rejections.forEach(metrics::rejected);
        for (int i = 0; i < duplicates; i++) {
            metrics.duplicate();
        }
        for (int i = 0; i < gaps; i++) {
            metrics.gap();
        }
        for (int i = 0; i < filled; i++) {
            metrics.gapFilled();
        }
    }

    private static JournaledEnvelope journaled(Screening.Passed passed, byte[] digest) {
        Envelope envelope = passed.envelope();
        Delivery delivery = passed.delivery();
        boolean window = envelope.type() == MessageType.TELEMETRY_WINDOW;
        return new JournaledEnvelope(
                envelope.robotId(),
                envelope.seq(),
                envelope.type().name(),
                delivery.topic(),
                delivery.payload(),
                digest,
                envelope.timestamp(),
                delivery.receivedAt(),
                window ? envelope.canonicalBytes() : null,
                window ? envelope.telemetryWindow().firstReadingSeq() : null,
                passed.readingCount());
    }

    private static RefusedMessage deadLetter(
            Delivery delivery, RejectionReason reason, String detail, String robotId, Long seq) {
        return new RefusedMessage(
                reason.name(),
                detail,
                delivery.topic(),
                robotId,
                seq,
                delivery.payload(),
                Digest.sha256(delivery.payload()).bytes(),
                delivery.receivedAt());
    }

    /** The sequence check's view of the journal, inside the current transaction. */
    private record TransactionLedger(JournalTransaction transaction) implements SequenceLedger {

        @Override
        public OptionalLong lastAccepted(String robotId) {
            try {
                return transaction.lastSeq(robotId);
            } catch (SQLException e) {
                throw new JournalReadException(e);
            }
        }

        @Override
        public Map<String, Long> lockSequences(Collection<String> robotIds) {
            try {
                return transaction.lockSequences(robotIds);
            } catch (SQLException e) {
                throw new JournalReadException(e);
            }
        }

        @Override
        public List<SequenceGap> openGaps(String robotId) {
            try {
                return transaction.openGaps(robotId);
            } catch (SQLException e) {
                throw new JournalReadException(e);
            }
        }

        @Override
        public Optional<byte[]> journaledDigest(String robotId, long seq) {
            try {
                return transaction.envelopeDigest(robotId, seq);
            } catch (SQLException e) {
                throw new JournalReadException(e);
            }
        }
    }

    private static final class JournalReadException extends RuntimeException {
        JournalReadException(SQLException cause) {
            super(cause.getMessage(), cause);
        }
    }
}
