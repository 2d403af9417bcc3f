package dev.robotledger.gateway.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class RetryBackoffTest {

    @Test
    void doublesFromTheInitialPauseUpToTheBoundAndStaysThere() {
        RetryBackoff backoff = new RetryBackoff(Duration.ofMillis(500), Duration.ofSeconds(5));
        List<Duration> pauses = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            pauses.add(backoff.failed());
        }

        assertThat(pauses)
                .containsExactly(
                        Duration.ofMillis(500),
                        Duration.ofSeconds(1),
                        Duration.ofSeconds(2),
                        Duration.ofSeconds(4),
                        Duration.ofSeconds(5),
                        Duration.ofSeconds(5),
                        Duration.ofSeconds(5));
    }

    @Test
    void successStartsTheNextOutageFromTheInitialPause() {
        RetryBackoff backoff = new RetryBackoff(Duration.ofMillis(200), Duration.ofSeconds(30));
        backoff.failed();
        backoff.failed();

        backoff.succeeded();

        assertThat(backoff.current()).isZero();
        assertThat(backoff.failed()).isEqualTo(Duration.ofMillis(200));
    }

    @Test
    void refusesABoundBelowTheInitialPause() {
        assertThatThrownBy(() -> new RetryBackoff(Duration.ofSeconds(2), Duration.ofSeconds(1)))
                .hasMessageContaining("0 < initial <= max");
    }
}
