package dev.robotledger.wire.proof;

import dev.robotledger.wire.crypto.KeyFiles;
import dev.robotledger.wire.proof.ProofCheck.Step;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.List;

/**
 * Checks a reading inclusion proof file offline, without the gateway:
 *
 * <pre>
 * java -cp robot-agent/target/robot-agent-*-all.jar dev.robotledger.wire.proof.VerifyProof \
 *     [--require-anchor] proof.json robot-public-key.pem
 * </pre>
 *
 * Prints each check. Exit status: 0 when every cryptographic check passes (and, with
 * {@code --require-anchor}, the proof names its ledger transaction), 1 when a check fails or the
 * proof is malformed, 2 on a usage error or an unreadable file.
 */
public final class VerifyProof {

    static final String USAGE = "usage: VerifyProof [--require-anchor] <proof.json> <robot-public-key.pem>";

    private VerifyProof() {}

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    /** Runs the command and returns its exit status instead of exiting. */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        boolean requireAnchor = false;
        List<String> files = new ArrayList<>();
        for (String arg : args) {
            if (arg.equals("--require-anchor")) {
                requireAnchor = true;
            } else if (arg.startsWith("-")) {
                err.println("unknown option " + arg + "\n" + USAGE);
                return 2;
            } else {
                files.add(arg);
            }
        }
        if (files.size() != 2) {
            err.println(USAGE);
            return 2;
        }
        byte[] json;
        PublicKey key;
        try {
            json = Files.readAllBytes(Path.of(files.get(0)));
            key = KeyFiles.readPublicKey(Path.of(files.get(1)));
        } catch (IOException | RuntimeException e) {
            err.println("cannot read the proof or the key: " + e.getMessage());
            return 2;
        }
        ReadingInclusionProof proof;
        try {
            proof = ReadingInclusionProof.parse(json);
        } catch (IllegalArgumentException e) {
            out.println("proof format: FAILED - " + e.getMessage());
            out.println("result: NOT VERIFIED");
            return 1;
        }
        out.println("proof of reading " + proof.reading().readingSeq() + " of robot "
                + proof.readingProof().robotId() + " (window seq "
                + proof.readingProof().seq() + ", batch " + proof.batchId() + ")");
        ProofVerification result = proof.verify(key);
        result.checks().forEach(out::println);
        boolean anchorMissing = requireAnchor && !result.anchorPresent();
        if (!result.cryptographicallyValid()) {
            out.println("result: NOT VERIFIED (failed: "
                    + result.failures().stream()
                            .map(check -> check.step().label())
                            .toList() + ")");
            return 1;
        }
        if (anchorMissing) {
            out.println(
                    "result: NOT VERIFIED (" + Step.LEDGER_ANCHOR.label() + " required, but the proof has no anchor)");
            return 1;
        }
        out.println("result: VERIFIED (the robot's key attests the reading under batch root " + proof.batchRoot()
                + (result.anchorPresent()
                        ? "; anchor recorded, not checked against the ledger by this command)"
                        : "; not yet anchored on the ledger)"));
        return 0;
    }
}
