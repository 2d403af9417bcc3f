package dev.robotledger.gateway.journal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class DeadLetterRateTest {

    private static final Instant START = Instant.parse("2026-12-07T12:00:00Z");

    /** How many of {@code count} refusals, {@code every} apart from {@code from}, are stored. */
    private static int stored(DeadLetterRate rate, String sender, Instant from, Duration every, int count) {
        int admitted = 0;
        for (int i = 0; i < count; i++) {
            if (rate.admit(sender, from.plus(every.multipliedBy(i)))) {
                admitted++;
            }
        }
        return admitted;
    }

    @Test
    void storesTenSecondsWorthAtOnceThenAtTheRate() {
        DeadLetterRate rate = new DeadLetterRate(60);

        assertThat(stored(rate, "r-1", START, Duration.ZERO, 100)).isEqualTo(10);
        assertThat(rate.admit("r-1", START.plusMillis(500))).isFalse();
        assertThat(rate.admit("r-1", START.plusSeconds(1))).isTrue();
        assertThat(rate.admit("r-1", START.plusSeconds(1))).isFalse();
    }

    @Test
    void aFloodOfAMinuteStoresAboutTheMinutesRateSpreadOverIt() {
        DeadLetterRate rate = new DeadLetterRate(60);

        // Ten refusals a second for a minute: the burst, then one a second.
        int stored = stored(rate, "r-1", START, Duration.ofMillis(100), 600);

        assertThat(stored).isBetween(60, 70);
        assertThat(stored(rate, "r-1", START.plusSeconds(60), Duration.ofMillis(100), 10))
                .as("the next second of the flood")
                .isEqualTo(1);
    }

    @Test
    void eachSenderHasItsOwnRateAndAQuietSenderIsFullAgain() {
        DeadLetterRate rate = new DeadLetterRate(6);

        assertThat(stored(rate, "r-1", START, Duration.ZERO, 5)).isEqualTo(1);
        assertThat(stored(rate, "r-2", START, Duration.ZERO, 5)).isEqualTo(1);
        assertThat(stored(rate, "r-1", START.plus(Duration.ofMinutes(5)), Duration.ZERO, 5))
                .isEqualTo(1);
    }
}
