package dev.robotledger.gateway.ingestion;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class IngestionPropertiesTest {

    @Test
    void refusesANegativeFutureSkewNamingTheSetting() {
        assertThatThrownBy(
                        () -> new IngestionProperties(1024, 10, Duration.ofSeconds(-1), Duration.ofDays(1), 1_000_000))
                .hasMessageContaining("gateway.ingestion.max-future-skew");
    }

    @Test
    void refusesAZeroMessageAgeNamingTheSetting() {
        assertThatThrownBy(() -> new IngestionProperties(1024, 10, Duration.ZERO, Duration.ZERO, 1_000_000))
                .hasMessageContaining("gateway.ingestion.max-message-age");
    }
}
