package dev.robotledger.wire.message;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

final class TestReadings {

    private TestReadings() {}

    static List<Reading> readings(long firstSeq, int count) {
        List<Reading> readings = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            long seq = firstSeq + i;
            readings.add(new Reading(
                    seq,
                    1_700_000_000_000L + seq,
                    Map.of("temp.c", 20.5 + i, "torque_nm", 3.25 * i),
                    0.125 * i,
                    900 + i));
        }
        return readings;
    }
}
