package dev.robotledger.wire.proof;

import static org.assertj.core.api.Assertions.assertThat;

import dev.robotledger.wire.crypto.EcdsaP256;
import dev.robotledger.wire.crypto.KeyFiles;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class VerifyProofTest {

    private static final ProofFixture FIXTURE = new ProofFixture(EcdsaP256.generateKeyPair(), "r-9", 4, 9, 2);

    @TempDir
    Path dir;

    private Path proofFile;
    private Path keyFile;
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    @BeforeEach
    void writeFiles() throws IOException {
        proofFile = Files.write(dir.resolve("proof.json"), FIXTURE.proof(1, 6).toJsonBytes());
        keyFile = dir.resolve("robot.pem");
        KeyFiles.writePublicKey(keyFile, FIXTURE.robotKey.getPublic());
    }

    @Test
    void genuineProofExitsZeroAndSaysItIsNotYetAnchored() {
        assertThat(run(proofFile.toString(), keyFile.toString())).isEqualTo(0);
        assertThat(output())
                .contains(
                        "window signature (robot key): PASSED",
                        "reading path (window tree): PASSED",
                        "batch path (anchor tree): PASSED",
                        "anchored on ledger: ABSENT - not yet (batch 7 pending submission)",
                        "result: VERIFIED");
    }

    @Test
    void requiringTheAnchorFailsAProofWithoutOne() {
        assertThat(run("--require-anchor", proofFile.toString(), keyFile.toString()))
                .isEqualTo(1);
        assertThat(output()).contains("NOT VERIFIED (anchored on ledger required");
    }

    @Test
    void requiredAnchorThatIsPresentPasses() throws IOException {
        Files.write(
                proofFile,
                FIXTURE.proof(0, 0, Optional.of(new LedgerAnchor("tx1", 5, "ch", "cc")))
                        .toJsonBytes());
        assertThat(run("--require-anchor", proofFile.toString(), keyFile.toString()))
                .isEqualTo(0);
    }

    @Test
    void tamperedReadingExitsOneNamingTheReadingPath() throws IOException {
        String json = Files.readString(proofFile);
        Files.writeString(proofFile, json.replace("\"cycleTimeMillis\" : 906", "\"cycleTimeMillis\" : 907"));
        assertThat(Files.readString(proofFile)).isNotEqualTo(json);

        assertThat(run(proofFile.toString(), keyFile.toString())).isEqualTo(1);
        assertThat(output()).contains("reading path (window tree): FAILED", "NOT VERIFIED (failed: [reading path");
    }

    @Test
    void anotherRobotsKeyExitsOne() throws IOException {
        KeyFiles.writePublicKey(keyFile, EcdsaP256.generateKeyPair().getPublic());
        assertThat(run(proofFile.toString(), keyFile.toString())).isEqualTo(1);
        assertThat(output()).contains("window signature (robot key): FAILED");
    }

    @Test
    void malformedProofExitsOneAndUsageErrorsExitTwo() throws IOException {
        Files.writeString(proofFile, "{\"readingProof\":");
        assertThat(run(proofFile.toString(), keyFile.toString())).isEqualTo(1);
        assertThat(output()).contains("proof format: FAILED");
        assertThat(run(proofFile.toString())).isEqualTo(2);
        assertThat(run("--anchor", proofFile.toString(), keyFile.toString())).isEqualTo(2);
        assertThat(run(dir.resolve("missing.json").toString(), keyFile.toString()))
                .isEqualTo(2);
    }

    private int run(String... args) {
        PrintStream stream = new PrintStream(out, true, StandardCharsets.UTF_8);
        return VerifyProof.run(args, stream, stream);
    }

    private String output() {
        return out.toString(StandardCharsets.UTF_8);
    }
}
