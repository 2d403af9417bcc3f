package dev.robotledger.wire.certificate;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class VerifyCertificateTest {

    private static final CertificateFixture FIXTURE = new CertificateFixture();
    private static final String AT = CertificateFixture.VERIFIED_AT.toString();

    @TempDir
    Path dir;

    private Path certificateFile;
    private Path caFile;
    private Path otherCaFile;
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    @BeforeEach
    void writeFiles() throws IOException {
        certificateFile = Files.write(dir.resolve("certificate.json"), FIXTURE.certificate.toJsonBytes());
        caFile = Files.writeString(dir.resolve("org-ca.pem"), CertificatePem.encode(FIXTURE.ca.certificate()));
        otherCaFile =
                Files.writeString(dir.resolve("other-ca.pem"), CertificatePem.encode(FIXTURE.otherCa.certificate()));
    }

    @Test
    void genuineCertificateExitsZeroPrintingEveryCheck() {
        assertThat(run("--at", AT, certificateFile.toString(), caFile.toString()))
                .isEqualTo(0);

        String[] lines = output().split("\n");
        assertThat(lines[0])
                .isEqualTo("provenance certificate of good urn:epc:id:sgtin:0614141.107346.9000 issued at "
                        + "2026-03-02T12:00:00Z by ManufacturerMSP (8 goods, 3 reading proofs), verified at " + AT);
        assertThat(lines)
                .hasSize(1 + FIXTURE.verify(FIXTURE.certificate).checks().size() + 1);
        assertThat(output())
                .contains(
                        "issuer chain [issuer ManufacturerMSP]: PASSED",
                        "section digest [provenance]: PASSED",
                        "production covered [good bolt-7]: PASSED");
        assertThat(lines[lines.length - 1]).startsWith("result: VERIFIED (signed by ");
    }

    @Test
    void anyOfSeveralCaFilesMayBeTheIssuersCa() {
        assertThat(run("--at", AT, certificateFile.toString(), otherCaFile.toString(), caFile.toString()))
                .isEqualTo(0);
    }

    @Test
    void tamperedStationExitsOneNamingTheGood() throws IOException {
        String json = Files.readString(certificateFile);
        String tampered = json.replaceFirst("\"station\" : \"st-r-weld\"", "\"station\" : \"st-r-weld2\"");
        assertThat(tampered).isNotEqualTo(json);
        Files.writeString(certificateFile, tampered);

        assertThat(run("--at", AT, certificateFile.toString(), caFile.toString()))
                .isEqualTo(1);
        assertThat(output())
                .contains(
                        "section digest [provenance]: FAILED - good frame-S1 (provenance.tree.parts[0].good) was altered",
                        "result: NOT VERIFIED (failed: [section digest [provenance]])");
    }

    @Test
    void untrustedCaAndExpiredIssuerExitOne() {
        assertThat(run("--at", AT, certificateFile.toString(), otherCaFile.toString()))
                .isEqualTo(1);
        assertThat(output()).contains("issuer chain [issuer ManufacturerMSP]: FAILED", "does not lead to a trusted CA");

        out.reset();
        assertThat(run("--at", "2027-06-01T00:00:00Z", certificateFile.toString(), caFile.toString()))
                .isEqualTo(1);
        assertThat(output()).contains("expired at 2027-01-01T00:00:00Z");
    }

    @Test
    void withoutTimeOptionTheCommandChecksAtTheCurrentTime() {
        Instant before = Instant.now();
        run(certificateFile.toString(), caFile.toString());
        Instant after = Instant.now();

        // The exit status depends on today's date (the fixture's issuer certificate ends 2027-01-01).
        String header = output().lines().findFirst().orElseThrow();
        Instant verifiedAt =
                Instant.parse(header.substring(header.lastIndexOf("verified at ") + "verified at ".length()));
        assertThat(verifiedAt).isBetween(before, after);
    }

    @Test
    void malformedCertificateExitsOne() throws IOException {
        Files.writeString(certificateFile, "{\"format\":");

        assertThat(run(certificateFile.toString(), caFile.toString())).isEqualTo(1);
        assertThat(output()).contains("certificate format: FAILED - MALFORMED_JSON", "result: NOT VERIFIED");
    }

    @Test
    void usageErrorsExitTwo() {
        assertThat(run(certificateFile.toString())).isEqualTo(2);
        assertThat(run("--at", certificateFile.toString(), caFile.toString())).isEqualTo(2);
        assertThat(run("--at")).isEqualTo(2);
        assertThat(run("--verbose", certificateFile.toString(), caFile.toString()))
                .isEqualTo(2);
        assertThat(run(dir.resolve("missing.json").toString(), caFile.toString()))
                .isEqualTo(2);
        assertThat(run(certificateFile.toString(), certificateFile.toString())).isEqualTo(2);
        assertThat(output()).contains(VerifyCertificate.USAGE, "cannot read the certificate or a CA file");
    }

    private int run(String... args) {
        PrintStream stream = new PrintStream(out, true, StandardCharsets.UTF_8);
        return VerifyCertificate.run(args, stream, stream);
    }

    private String output() {
        return out.toString(StandardCharsets.UTF_8);
    }
}
