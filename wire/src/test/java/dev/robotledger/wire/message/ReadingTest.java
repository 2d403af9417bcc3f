package dev.robotledger.wire.message;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class ReadingTest {

    private static final double[] AWKWARD_NUMBERS = {
        0.0,
        -0.0,
        1.0,
        -1.0,
        0.1,
        1e21,
        1e-7,
        123456789012345680000.0,
        5e-324,
        Double.MAX_VALUE,
        -Double.MAX_VALUE,
        Double.MIN_NORMAL,
        9007199254740993.0,
        1.5e300,
        333333333.3333333,
        0.000001,
        1e-6 * 3,
        4.35,
        100.0,
        2.5e-10
    };

    // The oracle: the generic path (Jackson tree, then the RFC 8785 library's own parse and print).
    private static byte[] canonicalViaTree(Reading reading, String robotId) {
        ObjectNode node = reading.toJson();
        node.put("robotId", robotId);
        return Json.canonicalBytes(node);
    }

    @Test
    void leafBytesEqualTheGenericCanonicalFormForAwkwardNumbers() {
        for (double value : AWKWARD_NUMBERS) {
            Reading reading = new Reading(7, 1_700_000_000_000L, Map.of("s", value, "t.2", -value), Math.abs(value), 0);
            assertThat(new String(reading.leafBytes("robot-1"), StandardCharsets.UTF_8))
                    .as("value %s", value)
                    .isEqualTo(new String(canonicalViaTree(reading, "robot-1"), StandardCharsets.UTF_8));
        }
    }

    @Test
    void leafBytesEqualTheGenericCanonicalFormForRandomReadings() {
        SplittableRandom random = new SplittableRandom(20261125);
        String alphabet = "ABCZabcz019._-";
        for (int i = 0; i < 20_000; i++) {
            Map<String, Double> sensors = new HashMap<>();
            int count = random.nextInt(Reading.MAX_SENSORS + 1);
            for (int s = 0; s < count; s++) {
                StringBuilder name = new StringBuilder();
                for (int c = random.nextInt(1, 12); c > 0; c--) {
                    name.append(alphabet.charAt(random.nextInt(alphabet.length())));
                }
                sensors.put(name.toString(), randomDouble(random));
            }
            Reading reading = new Reading(
                    random.nextLong(1L << 53),
                    random.nextLong(1L << 53),
                    sensors,
                    randomDouble(random),
                    random.nextLong(1L << 53));
            assertThat(reading.leafBytes("r-" + i))
                    .as("reading %s", reading)
                    .isEqualTo(canonicalViaTree(reading, "r-" + i));
        }
    }

    @Test
    void leafBytesRefuseABadRobotId() {
        Reading reading = new Reading(1, 2, Map.of("a", 1.0), 0.5, 3);
        assertThatThrownBy(() -> reading.leafBytes("robot\"1"))
                .isInstanceOf(WireFormatException.class)
                .hasMessageContaining("robotId");
    }

    // Finite values only: a reading refuses NaN and infinities before any leaf is made.
    private static double randomDouble(SplittableRandom random) {
        double value = switch (random.nextInt(4)) {
            case 0 -> AWKWARD_NUMBERS[random.nextInt(AWKWARD_NUMBERS.length)];
            case 1 -> random.nextInt(-100_000, 100_000) / 100.0;
            case 2 -> Double.longBitsToDouble(random.nextLong());
            default -> random.nextDouble() * Math.pow(10, random.nextInt(-300, 300));
        };
        return Double.isFinite(value) ? value : random.nextDouble();
    }
}
