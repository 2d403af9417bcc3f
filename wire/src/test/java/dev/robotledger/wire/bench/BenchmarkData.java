package dev.robotledger.wire.bench;

import dev.robotledger.wire.message.Envelope;
import dev.robotledger.wire.message.Reading;
import dev.robotledger.wire.message.TelemetryWindow;
import java.security.PrivateKey;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Readings and windows shaped like the simulator's, so the figures match what the gateway sees. */
final class BenchmarkData {

    static final String ROBOT_ID = "robot-001";

    private BenchmarkData() {}

    static List<Reading> readings(long firstSeq, int count) {
        List<Reading> readings = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            long seq = firstSeq + i;
            readings.add(new Reading(
                    seq,
                    1_700_000_000_000L + seq,
                    Map.of("temp.c", 40.5 + i, "torque.nm", 12.25, "vibration.mm_s", 0.8),
                    0.051,
                    812));
        }
        return readings;
    }

    static Envelope window(long seq, int readings, PrivateKey key) {
        return Envelope.sign(
                seq, 1_700_000_000_500L + seq, TelemetryWindow.seal(ROBOT_ID, readings(seq * readings, readings)), key);
    }
}
