package dev.robotledger.gateway.ingestion;

import dev.robotledger.gateway.journal.JournalSharing;
import dev.robotledger.gateway.journal.SequenceGap;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeMap;

/**
 * Judges each robot's sequence numbers. A robot's first journaled envelope sets its baseline: the
 * ones before it were refused (for example as UNKNOWN_ROBOT before the robot was registered) and
 * are not a gap. A number may lead the last accepted one (or 0) by at most {@code maxJump}.
 * Skipped numbers are recorded as a gap; a number that comes later and lies in a recorded gap is
 * journaled and shrinks it (gateways sharing a subscription take a robot's messages out of order).
 *
 * <p>As the journal's {@link JournalSharing#SOLE_WRITER sole writer}, the last accepted number per
 * robot is cached across group commits. {@link JournalSharing#SHARED Shared}, every group commit
 * locks its robots' sequences and reads them from the journal, and a robot's first number above 1
 * records the numbers below it as a gap. Decisions of the batch in progress stay separate until it
 * commits, so a rolled back transaction leaves no trace.
 */
final class SequenceCheck {

    private final Map<String, Long> committedLast = new HashMap<>();
    private final long maxJump;
    private final JournalSharing sharing;

    SequenceCheck(long maxJump, JournalSharing sharing) {
        this.maxJump = maxJump;
        this.sharing = sharing;
    }

    /** A group commit's decisions about the envelopes of {@code robotIds}. */
    Batch begin(SequenceLedger ledger, Collection<String> robotIds) {
        return new Batch(ledger, sharing == JournalSharing.SHARED ? ledger.lockSequences(robotIds) : null);
    }

    /** Drops the cache, e.g. after a failed commit. */
    void forget() {
        committedLast.clear();
    }

    /** The gaps a batch closed (filled, or replaced by what is left of them) and opened. */
    record GapChanges(List<SequenceGap> closed, List<SequenceGap> opened) {}

    /** The decisions of one group commit. */
    final class Batch {

        private final SequenceLedger ledger;
        // Shared: the locked robots' last numbers as the journal holds them; null as sole writer.
        private final Map<String, Long> locked;
        private final Map<String, Long> batchLast = new HashMap<>();
        private final Map<String, byte[]> batchDigests = new HashMap<>();
        // Per robot, read on first need: the gaps as stored, and as this batch leaves them.
        private final Map<String, List<SequenceGap>> storedGaps = new HashMap<>();
        private final Map<String, NavigableMap<Long, SequenceGap>> gaps = new HashMap<>();

        private Batch(SequenceLedger ledger, Map<String, Long> locked) {
            this.ledger = ledger;
            this.locked = locked;
        }

        SequenceDecision decide(String robotId, long seq, byte[] digest, Instant receivedAt) {
            OptionalLong last = last(robotId);
            if (last.isPresent() && seq <= last.getAsLong()) {
                Optional<byte[]> journaled = journaledDigest(robotId, seq);
                if (journaled.isPresent()) {
                    return MessageDigest.isEqual(journaled.get(), digest)
                            ? new SequenceDecision.Duplicate()
                            : new SequenceDecision.Replay(last.getAsLong());
                }
                Optional<SequenceGap> gap = gapHolding(robotId, seq);
                if (gap.isEmpty()) {
                    return new SequenceDecision.Late(last.getAsLong());
                }
                fill(gap.get(), seq);
                batchDigests.put(robotId + "/" + seq, digest);
                return new SequenceDecision.Filled(
                        gap.get().firstMissing(), gap.get().lastMissing());
            }
            long baseline = last.orElse(0);
            if (seq - baseline > maxJump) {
                return new SequenceDecision.TooFarAhead(baseline, maxJump);
            }
            batchLast.put(robotId, seq);
            batchDigests.put(robotId + "/" + seq, digest);
            long firstMissing = last.isPresent() ? last.getAsLong() + 1 : locked != null ? 1 : seq;
            if (seq > firstMissing) {
                SequenceGap gap = new SequenceGap(robotId, firstMissing, seq - 1, receivedAt);
                gapsOf(robotId).put(gap.firstMissing(), gap);
                return new SequenceDecision.Gap(gap.firstMissing(), gap.lastMissing());
            }
            return new SequenceDecision.Next();
        }

        /** The transaction committed: its decisions become the cached state. */
        void committed() {
            if (locked == null) {
                committedLast.putAll(batchLast);
            }
        }

        /** What the transaction must change in the recorded gaps. */
        GapChanges gapChanges() {
            List<SequenceGap> closed = new ArrayList<>();
            List<SequenceGap> opened = new ArrayList<>();
            gaps.forEach((robotId, now) -> {
                Set<SequenceGap> before = new HashSet<>(storedGaps.get(robotId));
                Set<SequenceGap> after = new HashSet<>(now.values());
                before.stream().filter(gap -> !after.contains(gap)).forEach(closed::add);
                after.stream().filter(gap -> !before.contains(gap)).forEach(opened::add);
            });
            return new GapChanges(closed, opened);
        }

        private OptionalLong last(String robotId) {
            Long inBatch = batchLast.get(robotId);
            if (inBatch != null) {
                return OptionalLong.of(inBatch);
            }
            if (locked != null) {
                Long stored = locked.get(robotId);
                return stored == null ? OptionalLong.empty() : OptionalLong.of(stored);
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

        private NavigableMap<Long, SequenceGap> gapsOf(String robotId) {
            NavigableMap<Long, SequenceGap> now = gaps.get(robotId);
            if (now == null) {
                List<SequenceGap> stored = ledger.openGaps(robotId);
                storedGaps.put(robotId, stored);
                now = new TreeMap<>();
                for (SequenceGap gap : stored) {
                    now.put(gap.firstMissing(), gap);
                }
                gaps.put(robotId, now);
            }
            return now;
        }

        private Optional<SequenceGap> gapHolding(String robotId, long seq) {
            Map.Entry<Long, SequenceGap> below = gapsOf(robotId).floorEntry(seq);
            return below != null && below.getValue().holds(seq) ? Optional.of(below.getValue()) : Optional.empty();
        }

        // What is left of the gap stays, split in two when the number was inside it.
        private void fill(SequenceGap gap, long seq) {
            NavigableMap<Long, SequenceGap> robotGaps = gapsOf(gap.robotId());
            robotGaps.remove(gap.firstMissing());
            if (gap.firstMissing() < seq) {
                robotGaps.put(
                        gap.firstMissing(),
                        new SequenceGap(gap.robotId(), gap.firstMissing(), seq - 1, gap.detectedAt()));
            }
            if (seq < gap.lastMissing()) {
                robotGaps.put(seq + 1, new SequenceGap(gap.robotId(), seq + 1, gap.lastMissing(), gap.detectedAt()));
            }
        }
    }
}
