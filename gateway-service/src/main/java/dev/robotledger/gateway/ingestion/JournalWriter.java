package dev.robotledger.gateway.ingestion;

import dev.robotledger.gateway.journal.Journal;
import dev.robotledger.gateway.journal.JournalTransaction;
import dev.robotledger.gateway.journal.JournaledEnvelope;
import dev.robotledger.gateway.journal.RefusedMessage;
import dev.robotledger.gateway.robots.RobotDirectory;
import dev.robotledger.wire.merkle.Digest;
import dev.robotledger.wire.message.Envelope;
import dev.robotledger.wire.message.MessageType;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * The single writer between the ingestion queue and the journal. It takes whatever has been
 * screened (up to {@code gateway.ingestion.commit-batch-size}), journals the accepted messages and
 * dead-letters the refused ones in ONE PostgreSQL transaction, and only after that commit
 * acknowledges them all to the broker. A failed commit is retried with the same messages (nothing
 * was acknowledged, the sequence cache is dropped, they are screened again), so a database outage
 * stalls ingestion instead of losing or duplicating anything.
 *
 * <p>Screening (parsing and ECDSA verification, CPU-bound) runs ahead on a thread of its own, in
 * arrival order, so the next batch is verified while the current one commits instead of after it.
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
    private final SequenceCheck sequences = new SequenceCheck();
    /** Screened deliveries in arrival order; bounded in practice by the broker's receive maximum. */
    private final BlockingQueue<Ahead> screened = new LinkedBlockingQueue<>();
    private volatile boolean running;
    private Thread thread;
    private Thread screener;

    /** A delivery screened ahead of the writer; {@code screening} is null when that failed (screened again). */
    private record Ahead(Delivery delivery, Screening screening) {
    }

    JournalWriter(IngestionQueue queue, RobotDirectory robots, Journal journal, IngestionMetrics metrics,
                  IngestionProperties properties) {
        this.queue = queue;
        this.verifier = new MessageVerifier(robots, properties);
        this.journal = journal;
        this.metrics = metrics;
        this.commitBatchSize = properties.commitBatchSize();
    }

    @Override
    public void start() {
        running = true;
        screener = new Thread(this::screenAhead, "journal-screener");
        screener.start();
        thread = new Thread(this::run, "journal-writer");
        thread.start();
    }

    @Override
    public void stop() {
        running = false;
        for (Thread stopping : new Thread[] {screener, thread}) {
            if (stopping != null) {
                stopping.interrupt();
                try {
                    stopping.join(Duration.ofSeconds(30).toMillis());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
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

    private void screenAhead() {
        List<Delivery> chunk = new ArrayList<>(commitBatchSize);
        while (running) {
            try {
                chunk.clear();
                queue.drain(commitBatchSize, POLL, chunk);
                if (chunk.isEmpty()) {
                    continue;
                }
                queue.heldAhead(chunk.size());
                List<Screening> outcomes;
                try {
                    // Stateless and CPU-bound: spread over the cores, keeping the order.
                    outcomes = chunk.parallelStream().map(verifier::screen).toList();
                } catch (RuntimeException e) {
                    outcomes = null; // e.g. a robot lookup while the database is away: the writer retries it
                }
                for (int i = 0; i < chunk.size(); i++) {
                    screened.add(new Ahead(chunk.get(i), outcomes == null ? null : outcomes.get(i)));
                }
            } catch (InterruptedException e) {
                // Stopping: whatever is unacknowledged stays with the broker.
                return;
            }
        }
    }

    private void run() {
        List<Ahead> batch = new ArrayList<>(commitBatchSize);
        while (running) {
            try {
                batch.clear();
                Ahead first = screened.poll(POLL.toMillis(), TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                batch.add(first);
                screened.drainTo(batch, commitBatchSize - 1);
                queue.releasedAhead(batch.size());
                journalUntilCommitted(batch);
                batch.forEach(ahead -> ahead.delivery().receipt().acknowledge());
            } catch (InterruptedException e) {
                // Stopping: whatever is unacknowledged stays with the broker.
                return;
            }
        }
    }

    // Screening is inside the retry: a robot lookup can fail while the database is away.
    private void journalUntilCommitted(List<Ahead> batch) throws InterruptedException {
        Duration backoff = Duration.ofMillis(100);
        boolean screenedAhead = batch.stream().allMatch(ahead -> ahead.screening() != null);
        while (true) {
            try {
                journal(screenedAhead ? batch.stream().map(Ahead::screening).toList()
                        : batch.parallelStream().map(ahead -> verifier.screen(ahead.delivery())).toList());
                return;
            } catch (VirtualMachineError e) {
                throw e;
            } catch (Exception | Error e) {
                // Anything else is a failed commit to retry: a connection lost mid-batch even
                // surfaces as an AssertionError from pgjdbc when assertions are on, and a dead
                // writer thread would stall ingestion silently.
                screenedAhead = false;
                sequences.forget();
                metrics.commitFailed();
                if (refusedByContent(e)) {
                    if (batch.size() > 1) {
                        log.warn("the journal refused a batch of {} messages ({}); committing them one by one",
                                batch.size(), e.getMessage());
                        for (Ahead ahead : batch) {
                            journalUntilCommitted(List.of(new Ahead(ahead.delivery(), null)));
                        }
                        return;
                    }
                    if (deadLetterRefused(batch.get(0).delivery(), e)) {
                        return;
                    }
                }
                log.error("journal commit of {} messages failed, retrying in {}: {}", batch.size(), backoff,
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
            transaction.deadLetter(deadLetter(delivery, RejectionReason.JOURNAL_REFUSED,
                    "the journal refused to store it: " + failure.getMessage(), null, null));
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
        try (JournalTransaction transaction = journal.begin()) {
            SequenceCheck.Batch decisions = sequences.begin(new TransactionLedger(transaction));
            for (Screening screening : screened) {
                if (screening instanceof Screening.Refused refused) {
                    transaction.deadLetter(deadLetter(refused.delivery(), refused.reason(), refused.detail(),
                            refused.robotId(), refused.seq()));
                    rejections.add(refused.reason());
                    continue;
                }
                Screening.Passed passed = (Screening.Passed) screening;
                Envelope envelope = passed.envelope();
                byte[] digest = Digest.sha256(passed.delivery().payload()).bytes();
                SequenceDecision decision = decisions.decide(envelope.robotId(), envelope.seq(), digest);
                if (decision instanceof SequenceDecision.Duplicate) {
                    duplicates++;
                } else if (decision instanceof SequenceDecision.Replay replay) {
                    transaction.deadLetter(deadLetter(passed.delivery(), RejectionReason.REPLAYED_SEQUENCE,
                            "envelope " + envelope.id() + " is at or below the last accepted sequence number "
                                    + replay.lastAccepted() + " and differs from what was journaled",
                            envelope.robotId(), envelope.seq()));
                    rejections.add(RejectionReason.REPLAYED_SEQUENCE);
                } else if (decision instanceof SequenceDecision.Late late) {
                    transaction.deadLetter(deadLetter(passed.delivery(), RejectionReason.OUT_OF_ORDER,
                            "envelope " + envelope.id() + " arrived after robot " + envelope.robotId()
                                    + "'s sequence had reached " + late.lastAccepted()
                                    + "; numbers are accepted only in increasing order",
                            envelope.robotId(), envelope.seq()));
                    rejections.add(RejectionReason.OUT_OF_ORDER);
                } else {
                    if (decision instanceof SequenceDecision.Gap gap) {
                        transaction.recordGap(envelope.robotId(), gap.firstMissing(), gap.lastMissing(),
                                passed.delivery().receivedAt());
                        gaps++;
                    }
                    transaction.append(journaled(passed, digest));
                    accepted++;
                    readings += passed.readingCount();
                }
            }
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
    }

    private static JournaledEnvelope journaled(Screening.Passed passed, byte[] digest) {
        Envelope envelope = passed.envelope();
        Delivery delivery = passed.delivery();
        boolean window = envelope.type() == MessageType.TELEMETRY_WINDOW;
        return new JournaledEnvelope(envelope.robotId(), envelope.seq(), envelope.type().name(), delivery.topic(),
                delivery.payload(), digest, envelope.timestamp(), delivery.receivedAt(), window ? envelope.canonicalBytes() : null,
                window ? envelope.telemetryWindow().firstReadingSeq() : null, passed.readingCount());
    }

    private static RefusedMessage deadLetter(Delivery delivery, RejectionReason reason, String detail,
                                             String robotId, Long seq) {
        return new RefusedMessage(reason.name(), detail, delivery.topic(), robotId, seq, delivery.payload(),
                Digest.sha256(delivery.payload()).bytes(), delivery.receivedAt());
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
