package dev.robotledger.wire.bench;

import dev.robotledger.wire.certificate.CertificateFixture;
import dev.robotledger.wire.certificate.CertificateVerification;
import dev.robotledger.wire.certificate.ProvenanceCertificate;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * What a lender pays to check a provenance certificate offline: the three-level product of the
 * tests (8 goods, 3 robots, 3 reading proofs, 16 ledger records, one issuer certificate under an
 * org CA), from its bytes: strict parse and section digests, then every check.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class CertificateBenchmark {

    private static final Instant VERIFIED_AT = Instant.parse("2026-06-01T00:00:00Z");

    private byte[] certificateJson;
    private List<X509Certificate> trusted;

    @Setup
    public void setUp() {
        CertificateFixture fixture = new CertificateFixture();
        certificateJson = fixture.bytes();
        trusted = List.of(fixture.caCertificate());
    }

    @Benchmark
    public ProvenanceCertificate parse() {
        return ProvenanceCertificate.parse(certificateJson);
    }

    @Benchmark
    public CertificateVerification verifyFromBytes() {
        return ProvenanceCertificate.parse(certificateJson).verify(trusted, VERIFIED_AT);
    }
}
