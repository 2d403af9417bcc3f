package dev.robotledger.gateway.ingestion;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class SequenceCheckTest {

    private static final byte[] A = {1};
    private static final byte[] B = {2};

    /** What a journal would answer: the committed last numbers and digests. */
    private static final class FakeLedger implements SequenceLedger {
        final Map<String, Long> last = new HashMap<>();
        final Map<String, byte[]> digests = new HashMap<>();
        int lastAcceptedQueries;

        @Override
        public OptionalLong lastAccepted(String robotId) {
            lastAcceptedQueries++;
            Long value = last.get(robotId);
            return value == null ? OptionalLong.empty() : OptionalLong.of(value);
        }

        @Override
        public Optional<byte[]> journaledDigest(String robotId, long seq) {
            return Optional.ofNullable(digests.get(robotId + "/" + seq));
        }
    }

    private final FakeLedger ledger = new FakeLedger();
    private static final long MAX_JUMP = 1_000;
    private final SequenceCheck check = new SequenceCheck(MAX_JUMP);

    @Test
    void refusesAJumpPastTheWindowAndKeepsTheRobotsSequenceAsItWas() {
        ledger.last.put("r-1", 40L);
        SequenceCheck.Batch batch = check.begin(ledger);
        assertThat(batch.decide("r-1", 40 + MAX_JUMP + 1, A)).isEqualTo(new SequenceDecision.TooFarAhead(40, MAX_JUMP));
        // The refused number left no trace: the robot's next genuine number is still the next one.
        assertThat(batch.decide("r-1", 41, B)).isInstanceOf(SequenceDecision.Next.class);
        assertThat(batch.decide("r-1", 41 + MAX_JUMP, A)).isEqualTo(new SequenceDecision.Gap(42, 40 + MAX_JUMP));
    }

    @Test
    void refusesAFirstEnvelopeNumberedBeyondTheWindowFromZero() {
        assertThat(check.begin(ledger).decide("r-1", (1L << 53) - 1, A))
                .isEqualTo(new SequenceDecision.TooFarAhead(0, MAX_JUMP));
        assertThat(check.begin(ledger).decide("r-1", MAX_JUMP, A)).isInstanceOf(SequenceDecision.Next.class);
    }

    @Test
    void acceptsFirstEnvelopeOfARobotAsItsBaseline() {
        assertThat(check.begin(ledger).decide("r-1", 17, A)).isInstanceOf(SequenceDecision.Next.class);
    }

    @Test
    void acceptsTheNextSequenceNumber() {
        ledger.last.put("r-1", 4L);

        assertThat(check.begin(ledger).decide("r-1", 5, A)).isInstanceOf(SequenceDecision.Next.class);
    }

    @Test
    void acceptsAndReportsAGap() {
        ledger.last.put("r-1", 4L);

        assertThat(check.begin(ledger).decide("r-1", 8, A)).isEqualTo(new SequenceDecision.Gap(5, 7));
    }

    @Test
    void rejectsReplayedSequenceNumberWithOtherContent() {
        ledger.last.put("r-1", 4L);
        ledger.digests.put("r-1/3", A);

        assertThat(check.begin(ledger).decide("r-1", 3, B)).isEqualTo(new SequenceDecision.Replay(4));
    }

    @Test
    void rejectsANumberThatWasNeverJournaledAsLate() {
        ledger.last.put("r-1", 10L);

        assertThat(check.begin(ledger).decide("r-1", 6, A)).isEqualTo(new SequenceDecision.Late(10));
    }

    @Test
    void acceptsOnlyTheRisingNumbersOfAnOutOfOrderBurst() {
        ledger.last.put("r-1", 1L);
        SequenceCheck.Batch batch = check.begin(ledger);

        assertThat(batch.decide("r-1", 5, A)).isEqualTo(new SequenceDecision.Gap(2, 4));
        assertThat(batch.decide("r-1", 3, B)).isEqualTo(new SequenceDecision.Late(5));
        assertThat(batch.decide("r-1", 4, B)).isEqualTo(new SequenceDecision.Late(5));
        assertThat(batch.decide("r-1", 2, B)).isEqualTo(new SequenceDecision.Late(5));
        assertThat(batch.decide("r-1", 6, B)).isInstanceOf(SequenceDecision.Next.class);
        assertThat(batch.decide("r-1", 5, A)).isInstanceOf(SequenceDecision.Duplicate.class);
    }

    @Test
    void recognisesByteIdenticalRedeliveryAsDuplicate() {
        ledger.last.put("r-1", 4L);
        ledger.digests.put("r-1/4", A);

        assertThat(check.begin(ledger).decide("r-1", 4, A)).isInstanceOf(SequenceDecision.Duplicate.class);
    }

    @Test
    void recognisesRedeliveryWithinTheSameBatch() {
        SequenceCheck.Batch batch = check.begin(ledger);

        assertThat(batch.decide("r-1", 1, A)).isInstanceOf(SequenceDecision.Next.class);
        assertThat(batch.decide("r-1", 2, B)).isInstanceOf(SequenceDecision.Next.class);
        assertThat(batch.decide("r-1", 1, A)).isInstanceOf(SequenceDecision.Duplicate.class);
        assertThat(batch.decide("r-1", 2, A)).isEqualTo(new SequenceDecision.Replay(2));
    }

    @Test
    void keepsCommittedProgressWithoutAskingTheLedgerAgain() {
        SequenceCheck.Batch first = check.begin(ledger);
        first.decide("r-1", 1, A);
        first.committed();

        assertThat(check.begin(ledger).decide("r-1", 2, B)).isInstanceOf(SequenceDecision.Next.class);
        assertThat(ledger.lastAcceptedQueries).isEqualTo(1);
    }

    @Test
    void rolledBackBatchLeavesNoTrace() {
        SequenceCheck.Batch failed = check.begin(ledger);
        failed.decide("r-1", 1, A);
        check.forget();

        assertThat(check.begin(ledger).decide("r-1", 1, A)).isInstanceOf(SequenceDecision.Next.class);
    }
}
