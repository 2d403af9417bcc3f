package dev.robotledger.wire.message;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * Envelope parsing and canonicalisation on arbitrary bytes. Regression inputs live in
 * {@code src/test/resources/dev/robotledger/wire/message/EnvelopeFuzzTestInputs/}; README.md has the
 * command for a fuzzing run.
 */
class EnvelopeFuzzTest {

    @FuzzTest
    void parseRefusesWithReasonOrRoundTrips(byte[] wire) {
        Envelope parsed;
        try {
            parsed = Envelope.parse(wire, Envelope.DEFAULT_MAX_BYTES);
        } catch (WireFormatException refused) {
            assertThat(refused.reason()).isNotNull();
            assertThat(refused.detail()).isNotBlank();
            return;
        }
        byte[] canonicalWire = parsed.toBytes();
        assertThat(canonicalWire)
                .as("an accepted envelope's bytes are its canonical form")
                .isEqualTo(wire);
        Envelope reparsed = Envelope.parse(canonicalWire, Integer.MAX_VALUE);

        assertThat(reparsed).isEqualTo(parsed);
        assertThat(reparsed.toBytes()).isEqualTo(canonicalWire);
        assertThat(reparsed.canonicalBytes()).isEqualTo(parsed.canonicalBytes());
        if (parsed.type() == MessageType.TELEMETRY_WINDOW) {
            assertThat(reparsed.telemetryWindow().merkleRoot())
                    .isEqualTo(parsed.telemetryWindow().merkleRoot());
        }
    }
}
