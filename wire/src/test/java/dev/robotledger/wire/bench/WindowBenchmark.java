package dev.robotledger.wire.bench;

import dev.robotledger.wire.crypto.EcdsaP256;
import dev.robotledger.wire.message.Envelope;
import dev.robotledger.wire.message.Reading;
import dev.robotledger.wire.message.TelemetryWindow;
import java.security.KeyPair;
import java.security.PublicKey;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * A telemetry window's life on the wire, per window: the robot seals and signs it, the gateway
 * parses it, checks seal and signature and takes the readings' leaves for its journal. Readings
 * per second = score x readings.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class WindowBenchmark {

    @Param({"10", "100"})
    public int readings;

    private KeyPair keys;
    private List<Reading> batch;
    private byte[] wire;
    private PublicKey impostorKey;

    @Setup
    public void setUp() {
        keys = EcdsaP256.generateKeyPair();
        batch = BenchmarkData.readings(1, readings);
        wire = BenchmarkData.window(1, readings, keys.getPrivate()).toBytes();
        impostorKey = EcdsaP256.generateKeyPair().getPublic();
    }

    @Benchmark
    public TelemetryWindow seal() {
        return TelemetryWindow.seal(BenchmarkData.ROBOT_ID, batch);
    }

    @Benchmark
    public Envelope sealAndSign() {
        return Envelope.sign(2, 3, TelemetryWindow.seal(BenchmarkData.ROBOT_ID, batch), keys.getPrivate());
    }

    @Benchmark
    public boolean parseAndVerify() {
        return Envelope.parse(wire, Envelope.DEFAULT_MAX_BYTES).verify(keys.getPublic());
    }

    /** What refusing a forged window costs the gateway: read it as far as the signature, which fails. */
    @Benchmark
    public boolean readAndRefuseForgery() {
        if (Envelope.read(wire, Envelope.DEFAULT_MAX_BYTES).verify(impostorKey)) {
            throw new IllegalStateException("the benchmark window verifies under another key");
        }
        return false;
    }

    /** What the gateway does with each window before it journals it: parse, verify, take the leaves. */
    @Benchmark
    public List<byte[]> parseVerifyAndTakeLeaves() {
        Envelope envelope = Envelope.parse(wire, Envelope.DEFAULT_MAX_BYTES);
        if (!envelope.verify(keys.getPublic())) {
            throw new IllegalStateException("the benchmark window does not verify");
        }
        return envelope.telemetryWindow().readingLeafBytes();
    }
}
