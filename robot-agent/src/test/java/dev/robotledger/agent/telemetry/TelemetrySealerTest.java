package dev.robotledger.agent.telemetry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.robotledger.wire.message.Reading;
import dev.robotledger.wire.message.TelemetryWindow;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class TelemetrySealerTest {

    private final AtomicLong now = new AtomicLong(1_000);
    private final TelemetrySealer sealer = new TelemetrySealer("r-1", 3, Duration.ofMillis(250), now::get);

    @Test
    void sealsAWindowWhenItHoldsTheMaximumReadings() {
        assertThat(sealer.add(reading(1))).isEmpty();
        assertThat(sealer.add(reading(2))).isEmpty();
        Optional<TelemetryWindow> window = sealer.add(reading(3));
        assertThat(window).hasValueSatisfying(w -> {
            assertThat(w.firstReadingSeq()).isEqualTo(1);
            assertThat(w.readingCount()).isEqualTo(3);
        });
        assertThat(sealer.buffered()).isZero();
    }

    @Test
    void sealsOnceTheOldestReadingHasWaitedTheMaximumAge() {
        sealer.add(reading(1));
        now.addAndGet(200);
        sealer.add(reading(2));
        assertThat(sealer.sealIfDue()).isEmpty();
        now.addAndGet(50);
        assertThat(sealer.sealIfDue())
                .hasValueSatisfying(w -> assertThat(w.readingCount()).isEqualTo(2));
        assertThat(sealer.sealIfDue()).isEmpty();
    }

    @Test
    void refusesAReadingThatDoesNotFollowTheLastOne() {
        sealer.add(reading(1));
        assertThatThrownBy(() -> sealer.add(reading(3)))
                .hasMessageContaining("r-1")
                .hasMessageContaining("reading 3");
        assertThat(sealer.buffered()).isEqualTo(1);
    }

    @Test
    void sealNowEmptiesTheBufferAndReturnsNothingWhenEmpty() {
        assertThat(sealer.sealNow()).isEmpty();
        sealer.add(reading(7));
        assertThat(sealer.sealNow())
                .hasValueSatisfying(w -> assertThat(w.firstReadingSeq()).isEqualTo(7));
    }

    private static Reading reading(long seq) {
        return new Reading(seq, 1_700_000_000_000L + seq, Map.of("temp.c", 20.0 + seq), 0.5, 900);
    }
}
