package dev.robotledger.gateway.ingestion;

import static org.assertj.core.api.Assertions.assertThat;

import dev.robotledger.gateway.journal.JournalSharing;
import dev.robotledger.gateway.journal.SequenceGap;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class SequenceCheckTest {

    private static final byte[] A = {1};
    private static final byte[] B = {2};
    private static final byte[] C = {3};
    private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");
    private static final List<String> ROBOTS = List.of("r-1");

    /** What a journal would answer: the committed last numbers and digests. */
    private static final class FakeLedger implements SequenceLedger {
        final Map<String, Long> last = new HashMap<>();
        final Map<String, byte[]> digests = new HashMap<>();
        final List<SequenceGap> gaps = new ArrayList<>();
        final List<Collection<String>> locks = new ArrayList<>();
        int lastAcceptedQueries;

        @Override
        public OptionalLong lastAccepted(String robotId) {
            lastAcceptedQueries++;
            Long value = last.get(robotId);
            return value == null ? OptionalLong.empty() : OptionalLong.of(value);
        }

        @Override
        public Map<String, Long> lockSequences(Collection<String> robotIds) {
            locks.add(List.copyOf(robotIds));
            Map<String, Long> locked = new HashMap<>();
            robotIds.stream().filter(last::containsKey).forEach(robot -> locked.put(robot, last.get(robot)));
            return locked;
        }

        @Override
        public List<SequenceGap> openGaps(String robotId) {
            return gaps.stream().filter(gap -> gap.robotId().equals(robotId)).toList();
        }

        @Override
        public Optional<byte[]> journaledDigest(String robotId, long seq) {
            return Optional.ofNullable(digests.get(robotId + "/" + seq));
        }
    }

    private final FakeLedger ledger = new FakeLedger();
    private static final long MAX_JUMP = 1_000;
    private final SequenceCheck check = new SequenceCheck(MAX_JUMP, JournalSharing.SOLE_WRITER);
    private final SequenceCheck shared = new SequenceCheck(MAX_JUMP, JournalSharing.SHARED);

    @Test
    void refusesAJumpPastTheWindowAndKeepsTheRobotsSequenceAsItWas() {
        ledger.last.put("r-1", 40L);
        SequenceCheck.Batch batch = check.begin(ledger, ROBOTS);
        assertThat(batch.decide("r-1", 40 + MAX_JUMP + 1, A, NOW))
                .isEqualTo(new SequenceDecision.TooFarAhead(40, MAX_JUMP));
        // The refused number left no trace: the robot's next genuine number is still the next one.
        assertThat(batch.decide("r-1", 41, B, NOW)).isInstanceOf(SequenceDecision.Next.class);
        assertThat(batch.decide("r-1", 41 + MAX_JUMP, A, NOW)).isEqualTo(new SequenceDecision.Gap(42, 40 + MAX_JUMP));
    }

    @Test
    void refusesAFirstEnvelopeNumberedBeyondTheWindowFromZero() {
        assertThat(check.begin(ledger, ROBOTS).decide("r-1", (1L << 53) - 1, A, NOW))
                .isEqualTo(new SequenceDecision.TooFarAhead(0, MAX_JUMP));
        assertThat(check.begin(ledger, ROBOTS).decide("r-1", MAX_JUMP, A, NOW))
                .isInstanceOf(SequenceDecision.Next.class);
    }

    @Test
    void acceptsFirstEnvelopeOfARobotAsItsBaseline() {
        assertThat(check.begin(ledger, ROBOTS).decide("r-1", 17, A, NOW)).isInstanceOf(SequenceDecision.Next.class);
    }

    @Test
    void acceptsTheNextSequenceNumber() {
        ledger.last.put("r-1", 4L);

        assertThat(check.begin(ledger, ROBOTS).decide("r-1", 5, A, NOW)).isInstanceOf(SequenceDecision.Next.class);
    }

    @Test
    void acceptsAndReportsAGap() {
        ledger.last.put("r-1", 4L);

        assertThat(check.begin(ledger, ROBOTS).decide("r-1", 8, A, NOW)).isEqualTo(new SequenceDecision.Gap(5, 7));
    }

    @Test
    void rejectsReplayedSequenceNumberWithOtherContent() {
        ledger.last.put("r-1", 4L);
        ledger.digests.put("r-1/3", A);

        assertThat(check.begin(ledger, ROBOTS).decide("r-1", 3, B, NOW)).isEqualTo(new SequenceDecision.Replay(4));
    }

    @Test
    void rejectsANumberThatWasNeverJournaledAsLate() {
        ledger.last.put("r-1", 10L);

        assertThat(check.begin(ledger, ROBOTS).decide("r-1", 6, A, NOW)).isEqualTo(new SequenceDecision.Late(10));
    }

    @Test
    void journalsTheLateNumbersOfAnOutOfOrderBurstAndClosesTheGap() {
        ledger.last.put("r-1", 1L);
        SequenceCheck.Batch batch = check.begin(ledger, ROBOTS);

        assertThat(batch.decide("r-1", 5, A, NOW)).isEqualTo(new SequenceDecision.Gap(2, 4));
        assertThat(batch.decide("r-1", 3, B, NOW)).isEqualTo(new SequenceDecision.Filled(2, 4));
        assertThat(batch.decide("r-1", 4, B, NOW)).isEqualTo(new SequenceDecision.Filled(4, 4));
        assertThat(batch.decide("r-1", 2, B, NOW)).isEqualTo(new SequenceDecision.Filled(2, 2));
        assertThat(batch.decide("r-1", 6, B, NOW)).isInstanceOf(SequenceDecision.Next.class);
        assertThat(batch.decide("r-1", 5, A, NOW)).isInstanceOf(SequenceDecision.Duplicate.class);
        assertThat(batch.decide("r-1", 3, B, NOW)).isInstanceOf(SequenceDecision.Duplicate.class);
        assertThat(batch.decide("r-1", 3, A, NOW)).isEqualTo(new SequenceDecision.Replay(6));
        // Opened and closed in one transaction: nothing to store.
        assertThat(batch.gapChanges()).isEqualTo(new SequenceCheck.GapChanges(List.of(), List.of()));
    }

    @Test
    void shrinksARecordedGapFromEitherEndAndSplitsItInTheMiddle() {
        Instant detected = NOW.minusSeconds(60);
        SequenceGap recorded = new SequenceGap("r-1", 3, 9, detected);
        ledger.last.put("r-1", 10L);
        ledger.gaps.add(recorded);
        SequenceCheck.Batch batch = check.begin(ledger, ROBOTS);

        assertThat(batch.decide("r-1", 3, A, NOW)).isEqualTo(new SequenceDecision.Filled(3, 9));
        assertThat(batch.decide("r-1", 9, A, NOW)).isEqualTo(new SequenceDecision.Filled(4, 9));
        assertThat(batch.decide("r-1", 6, A, NOW)).isEqualTo(new SequenceDecision.Filled(4, 8));
        assertThat(batch.gapChanges().closed()).containsExactly(recorded);
        assertThat(batch.gapChanges().opened())
                .containsExactlyInAnyOrder(
                        new SequenceGap("r-1", 4, 5, detected), new SequenceGap("r-1", 7, 8, detected));
    }

    @Test
    void recordsANewGapAsOpened() {
        ledger.last.put("r-1", 4L);
        SequenceCheck.Batch batch = check.begin(ledger, ROBOTS);

        assertThat(batch.decide("r-1", 8, A, NOW)).isEqualTo(new SequenceDecision.Gap(5, 7));
        assertThat(batch.gapChanges())
                .isEqualTo(new SequenceCheck.GapChanges(List.of(), List.of(new SequenceGap("r-1", 5, 7, NOW))));
    }

    @Test
    void refusesANumberBelowTheFirstJournaledOneAsLate() {
        ledger.last.put("r-1", 10L);
        ledger.gaps.add(new SequenceGap("r-1", 7, 8, NOW));

        assertThat(check.begin(ledger, ROBOTS).decide("r-1", 9, A, NOW)).isEqualTo(new SequenceDecision.Late(10));
    }

    @Test
    void sharedLocksTheBatchsRobotsAndReadsThemFromTheJournalEveryTime() {
        SequenceCheck.Batch first = shared.begin(ledger, List.of("r-1", "r-2"));
        assertThat(first.decide("r-1", 1, A, NOW)).isInstanceOf(SequenceDecision.Next.class);
        first.committed();
        // Another gateway journaled 2 and 3 meanwhile: the journal, not a cache, is the truth.
        ledger.last.put("r-1", 3L);
        ledger.digests.put("r-1/3", B);

        SequenceCheck.Batch second = shared.begin(ledger, ROBOTS);
        assertThat(second.decide("r-1", 3, B, NOW)).isInstanceOf(SequenceDecision.Duplicate.class);
        assertThat(second.decide("r-1", 4, C, NOW)).isInstanceOf(SequenceDecision.Next.class);
        assertThat(ledger.locks).containsExactly(List.of("r-1", "r-2"), ROBOTS);
        assertThat(ledger.lastAcceptedQueries).isZero();
    }

    @Test
    void sharedRecordsTheNumbersBelowARobotsFirstAsAGapTheOtherGatewayMayFill() {
        SequenceCheck.Batch first = shared.begin(ledger, ROBOTS);
        assertThat(first.decide("r-1", 3, A, NOW)).isEqualTo(new SequenceDecision.Gap(1, 2));
        assertThat(first.gapChanges().opened()).containsExactly(new SequenceGap("r-1", 1, 2, NOW));
        ledger.last.put("r-1", 3L);
        ledger.gaps.add(new SequenceGap("r-1", 1, 2, NOW));

        SequenceCheck.Batch late = shared.begin(ledger, ROBOTS);
        assertThat(late.decide("r-1", 2, B, NOW)).isEqualTo(new SequenceDecision.Filled(1, 2));
        assertThat(late.decide("r-1", 1, C, NOW)).isEqualTo(new SequenceDecision.Filled(1, 1));
        assertThat(late.gapChanges().closed()).containsExactly(new SequenceGap("r-1", 1, 2, NOW));
        assertThat(late.gapChanges().opened()).isEmpty();
    }

    @Test
    void soleWriterTakesARobotsFirstNumberAsItsBaselineWithoutAGap() {
        SequenceCheck.Batch batch = check.begin(ledger, ROBOTS);

        assertThat(batch.decide("r-1", 3, A, NOW)).isInstanceOf(SequenceDecision.Next.class);
        assertThat(batch.gapChanges().opened()).isEmpty();
        assertThat(ledger.locks).isEmpty();
    }

    @Test
    void recognisesByteIdenticalRedeliveryAsDuplicate() {
        ledger.last.put("r-1", 4L);
        ledger.digests.put("r-1/4", A);

        assertThat(check.begin(ledger, ROBOTS).decide("r-1", 4, A, NOW)).isInstanceOf(SequenceDecision.Duplicate.class);
    }

    @Test
    void recognisesRedeliveryWithinTheSameBatch() {
        SequenceCheck.Batch batch = check.begin(ledger, ROBOTS);

        assertThat(batch.decide("r-1", 1, A, NOW)).isInstanceOf(SequenceDecision.Next.class);
        assertThat(batch.decide("r-1", 2, B, NOW)).isInstanceOf(SequenceDecision.Next.class);
        assertThat(batch.decide("r-1", 1, A, NOW)).isInstanceOf(SequenceDecision.Duplicate.class);
        assertThat(batch.decide("r-1", 2, A, NOW)).isEqualTo(new SequenceDecision.Replay(2));
    }

    @Test
    void keepsCommittedProgressWithoutAskingTheLedgerAgain() {
        SequenceCheck.Batch first = check.begin(ledger, ROBOTS);
        first.decide("r-1", 1, A, NOW);
        first.committed();

        assertThat(check.begin(ledger, ROBOTS).decide("r-1", 2, B, NOW)).isInstanceOf(SequenceDecision.Next.class);
        assertThat(ledger.lastAcceptedQueries).isEqualTo(1);
    }

    @Test
    void rolledBackBatchLeavesNoTrace() {
        SequenceCheck.Batch failed = check.begin(ledger, ROBOTS);
        failed.decide("r-1", 1, A, NOW);
        check.forget();

        assertThat(check.begin(ledger, ROBOTS).decide("r-1", 1, A, NOW)).isInstanceOf(SequenceDecision.Next.class);
    }
}
