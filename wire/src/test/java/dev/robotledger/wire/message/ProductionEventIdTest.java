package dev.robotledger.wire.message;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ProductionEventIdTest {

    @Test
    void namesTheEventByRobotAndEnvelopeNumber() {
        assertThat(ProductionEventId.of("press-7", 42)).isEqualTo("production-press-7-42");
    }

    @Test
    void readsTheEnvelopeNumberBackOnlyForTheSameRobot() {
        assertThat(ProductionEventId.seqOf("press-7", "production-press-7-42")).contains(42L);
        assertThat(ProductionEventId.seqOf("press", "production-press-7-42")).isEmpty();
        assertThat(ProductionEventId.seqOf("press-7", "production-press-7-")).isEmpty();
        assertThat(ProductionEventId.seqOf("press-7", "production-press-7-4x")).isEmpty();
        assertThat(ProductionEventId.seqOf("press-7", "made-g1")).isEmpty();
    }
}
