package dev.robotledger.wire.bench;

import dev.robotledger.wire.crypto.EcdsaP256;
import dev.robotledger.wire.message.Envelope;
import dev.robotledger.wire.message.Reading;
import dev.robotledger.wire.message.ReadingProof;
import dev.robotledger.wire.message.TelemetryWindow;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.IntConsumer;

/**
 * Prints single-thread throughput of the wire format's costly steps (a measurement, not a test).
 * Run: {@code mvn -B -q -pl wire test-compile dependency:build-classpath -Dmdep.outputFile=target/cp.txt}
 * then {@code java -cp wire/target/test-classes:wire/target/classes:$(cat wire/target/cp.txt)
 * dev.robotledger.wire.bench.WireBenchmark}.
 */
public final class WireBenchmark {

    private static final int WINDOW = 100;

    private WireBenchmark() {
    }

    public static void main(String[] args) {
        KeyPair keys = EcdsaP256.generateKeyPair();
        byte[] data = "{\"payload\":{},\"robotId\":\"robot-001\",\"seq\":1}".getBytes(StandardCharsets.UTF_8);
        byte[] signature = EcdsaP256.sign(keys.getPrivate(), data);
        List<Reading> readings = new ArrayList<>();
        for (int i = 0; i < WINDOW; i++) {
            readings.add(new Reading(i + 1, 1_700_000_000_000L + i,
                    Map.of("temp.c", 40.5 + i, "torque.nm", 12.25, "vibration.mm_s", 0.8), 0.051, 812));
        }
        Envelope window = Envelope.sign(1, 1_700_000_000_500L, TelemetryWindow.seal("robot-001", readings),
                keys.getPrivate());
        byte[] wire = window.toBytes();
        ReadingProof proof = ReadingProof.of(window, 37);

        System.out.printf(Locale.ROOT, "JDK %s, one thread, window of %d readings (%d bytes on the wire)%n",
                System.getProperty("java.version"), WINDOW, wire.length);
        measure("P-256 sign", 1, i -> EcdsaP256.sign(keys.getPrivate(), data));
        measure("P-256 verify", 1, i -> EcdsaP256.verify(keys.getPublic(), data, signature));
        measure("seal window (leaf JSON + Merkle)", WINDOW, i -> TelemetryWindow.seal("robot-001", readings));
        measure("sign window envelope", WINDOW, i -> Envelope.sign(2, 3, TelemetryWindow.seal("robot-001", readings),
                keys.getPrivate()));
        measure("parse + verify window envelope", WINDOW,
                i -> Envelope.parse(wire, Envelope.DEFAULT_MAX_BYTES).verify(keys.getPublic()));
        measure("verify one reading proof", 1, i -> proof.verify(keys.getPublic()));
    }

    // Runs the step for about two seconds after a warm-up and prints operations and readings per second.
    private static void measure(String name, int readingsPerOp, IntConsumer step) {
        for (int i = 0; i < 300; i++) {
            step.accept(i);
        }
        long start = System.nanoTime();
        long deadline = start + 2_000_000_000L;
        int ops = 0;
        while (System.nanoTime() < deadline) {
            step.accept(ops++);
        }
        double perSecond = ops / ((System.nanoTime() - start) / 1e9);
        if (readingsPerOp > 1) {
            System.out.printf(Locale.ROOT, "%-34s %10.0f ops/s  = %10.0f readings/s%n", name, perSecond,
                    perSecond * readingsPerOp);
        } else {
            System.out.printf(Locale.ROOT, "%-34s %10.0f ops/s%n", name, perSecond);
        }
    }
}
