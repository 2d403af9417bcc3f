package dev.robotledger.wire.bench;

import dev.robotledger.wire.crypto.EcdsaP256;
import java.security.KeyPair;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * ECDSA P-256 with SHA-256 (the agent's scheme) over a window header's bytes: one verification
 * per telemetry window is the gateway's largest fixed cost per message.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class SignatureBenchmark {

    private KeyPair keys;
    private byte[] header;
    private byte[] signature;

    @Setup
    public void setUp() {
        keys = EcdsaP256.generateKeyPair();
        header = BenchmarkData.window(1, 100, keys.getPrivate()).canonicalBytes();
        signature = EcdsaP256.sign(keys.getPrivate(), header);
    }

    @Benchmark
    public byte[] sign() {
        return EcdsaP256.sign(keys.getPrivate(), header);
    }

    @Benchmark
    public boolean verify() {
        return EcdsaP256.verify(keys.getPublic(), header, signature);
    }
}
