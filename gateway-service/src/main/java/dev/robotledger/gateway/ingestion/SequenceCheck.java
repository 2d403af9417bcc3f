package dev.robotledger.gateway.ingestion;

import java.security.MessageDigest;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Judges each robot's sequence numbers. The last accepted number per robot is cached across
 * group commits; decisions of the batch in progress stay separate until it commits, so a rolled
 * back transaction leaves no trace. A robot's first journaled envelope sets its baseline: the
 * ones before it were refused (for example as UNKNOWN_ROBOT before the robot was registered) and
 * are not a gap. A number may lead the last accepted one (or 0) by at most {@code maxJump}.
 */
final class SequenceCheck {

    private final Map<String, Long> committedLast = new HashMap<>();
    private final long maxJump;

    SequenceCheck(long maxJump) {
        this.maxJump = maxJump;
    }

    Batch begin(SequenceLedger ledger) {
        return new Batch(ledger);
    }

    /** Drops the cache, e.g. after a failed commit or when another writer may have advanced a robot. */
    void forget() {
        committedLast.clear();
    }

    /** The decisions of one group commit. */
    final class Batch {

        private final SequenceLedger ledger;
        private final Map<String, Long> batchLast = new HashMap<>();
        private final Map<String, byte[]> batchDigests = new HashMap<>();

        private Batch(SequenceLedger ledger) {
            this.ledger = ledger;
        }

        SequenceDecision decide(String robotId, long seq, byte[] digest) {
            OptionalLong last = last(robotId);
            if (last.isPresent() && seq <= last.getAsLong()) {
                Optional<byte[]> journaled = journaledDigest(robotId, seq);
                if (journaled.isEmpty()) {
                    return new SequenceDecision.Late(last.getAsLong());
                }
                return MessageDigest.isEqual(journaled.get(), digest)
                        ? new SequenceDecision.Duplicate()
                        : new SequenceDecision.Replay(last.getAsLong());
            }
            long baseline = last.orElse(0);
            if (seq - baseline > maxJump) {
                return new SequenceDecision.TooFarAhead(baseline, maxJump);
            }
            batchLast.put(robotId, seq);
            batchDigests.put(robotId + "/" + seq, digest);
            if (last.isPresent() && seq > last.getAsLong() + 1) {
                return new SequenceDecision.Gap(last.getAsLong() + 1, seq - 1);
            }
            return new SequenceDecision.Next();
        }

        /** The transaction committed: its decisions become the cached state. */
        void committed() {
            committedLast.putAll(batchLast);
        }

        private OptionalLong last(String robotId) {
            Long inBatch = batchLast.get(robotId);
            if (inBatch != null) {
                return OptionalLong.of(inBatch);
            }
            Long cached = committedLast.get(robotId);
            if (cached != null) {
                return OptionalLong.of(cached);
            }
            OptionalLong stored = ledger.lastAccepted(robotId);
            stored.ifPresent(value -> committedLast.put(robotId, value));
            return stored;
        }

        private Optional<byte[]> journaledDigest(String robotId, long seq) {
            byte[] inBatch = batchDigests.get(robotId + "/" + seq);
            return inBatch != null ? Optional.of(inBatch) : ledger.journaledDigest(robotId, seq);
        }
    }
}
