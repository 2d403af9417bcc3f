package dev.robotledger.gateway.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Bounded in-flight work, one back-off per burst of failures, probing while the ledger fails. */
class SubmissionPipelineTest {

    private final List<Runnable> queued = new ArrayList<>();
    private final Map<Long, SubmissionPipeline.Job> jobs = new HashMap<>();
    private final AtomicInteger finished = new AtomicInteger();
    private Instant now = Instant.parse("2026-12-07T10:00:00Z");
    private final Clock clock = new Clock() {
        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }
    };
    private final SubmissionPipeline pipeline = new SubmissionPipeline(
            3,
            new RetryBackoff(Duration.ofMillis(500), Duration.ofSeconds(4)),
            clock,
            queued::add,
            finished::incrementAndGet);

    private boolean start(long key) {
        return pipeline.start(key, job -> jobs.put(job.key(), job));
    }

    /** Runs every queued job; each records its job, so the test decides its outcome afterwards. */
    private void runQueued() {
        List<Runnable> now = new ArrayList<>(queued);
        queued.clear();
        now.forEach(Runnable::run);
    }

    @Test
    void noMoreThanTheBoundStartAndAFinishedKeyIsNotStartedAgainFromAStaleJournalRead() {
        assertThat(start(1)).isTrue();
        assertThat(start(1)).as("already in flight").isFalse();
        assertThat(start(2)).isTrue();
        assertThat(start(3)).isTrue();
        assertThat(start(4)).as("the bound").isFalse();
        assertThat(pipeline.inFlightCount()).isEqualTo(3);

        runQueued();
        assertThat(finished).hasValue(3);
        assertThat(pipeline.freeSlots()).isEqualTo(3);
        assertThat(start(1)).as("finished since the round's journal read").isFalse();
        pipeline.snapshot();
        assertThat(start(4)).isTrue();
    }

    @Test
    void aBurstOfFailuresAdvancesTheBackOffOnceThenOneProbeAtATimeUntilASuccessReopensEverySlot() {
        start(1);
        start(2);
        start(3);
        runQueued();
        assertThat(pipeline.retryLater(jobs.get(1L))).isEqualTo(Duration.ofMillis(500));
        assertThat(pipeline.retryLater(jobs.get(2L)))
                .as("started together: the same outage")
                .isEqualTo(Duration.ofMillis(500));
        assertThat(pipeline.retryLater(jobs.get(3L))).isEqualTo(Duration.ofMillis(500));
        pipeline.snapshot();

        assertThat(pipeline.freeSlots()).as("nothing before the pause is over").isZero();
        now = now.plusMillis(500);
        assertThat(pipeline.freeSlots()).as("one probe").isEqualTo(1);
        assertThat(start(1)).isTrue();
        assertThat(start(2)).isFalse();
        runQueued();
        assertThat(pipeline.retryLater(jobs.get(1L)))
                .as("a failed probe doubles the pause")
                .isEqualTo(Duration.ofSeconds(1));

        now = now.plusSeconds(1);
        pipeline.snapshot();
        assertThat(start(2)).isTrue();
        runQueued();
        pipeline.succeeded(jobs.get(2L));
        assertThat(pipeline.currentBackoff()).isZero();
        assertThat(pipeline.freeSlots()).isEqualTo(3);
        pipeline.snapshot();
        assertThat(start(1)).as("its own pause is over").isTrue();
        assertThat(start(3)).isTrue();
    }

    @Test
    void aKeyThatFailedWhileOthersSucceedWaitsForItsPauseAlone() {
        start(1);
        start(2);
        runQueued();
        pipeline.retryLater(jobs.get(1L));
        pipeline.succeeded(jobs.get(2L));
        pipeline.snapshot();

        assertThat(pipeline.mayStart(1)).isFalse();
        assertThat(start(5)).as("others go at full rate").isTrue();
        now = now.plusMillis(500);
        assertThat(pipeline.mayStart(1)).isTrue();
    }
}
