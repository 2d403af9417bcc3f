package dev.robotledger.wire.certificate;

import dev.robotledger.contract.bitcoin.BitcoinHeader;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Checks a provenance certificate file offline, against the organisation CAs the reader trusts:
 *
 * <pre>
 * java -jar wire/target/provenance-verifier.jar [--at 2026-12-03T18:00:00Z] certificate.json organisation-cas.pem...
 * </pre>
 *
 * The CA files are PEM (several certificates in one file are fine, such as the organisations' CA
 * certificates a gateway publishes at {@code GET /api/organisation-cas}). Prints one line per check and a result line. {@code --at} sets the verification time (default:
 * now). Exit status: 0 when no check fails, 1 when one fails or the certificate is malformed, 2 on
 * a usage error or an unreadable file.
 */
public final class VerifyCertificate {

    static final String USAGE = "usage: java -jar provenance-verifier.jar [--at <ISO-8601 instant>]"
            + " [--bitcoin-header <160 hex characters, or a file holding them>] <certificate.json> <organisation-cas.pem>...";

    private VerifyCertificate() {}

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    /** Runs the command and returns its exit status instead of exiting. */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        Instant at = Instant.now();
        String bitcoinHeader = null;
        List<String> files = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--at")) {
                if (i + 1 == args.length) {
                    err.println("--at needs an instant\n" + USAGE);
                    return 2;
                }
                try {
                    at = Instant.parse(args[++i]);
                } catch (DateTimeParseException e) {
                    err.println(
                            "--at: not an ISO-8601 instant such as 2026-12-03T18:00:00Z: " + args[i] + "\n" + USAGE);
                    return 2;
                }
            } else if (args[i].equals("--bitcoin-header")) {
                if (i + 1 == args.length) {
                    err.println("--bitcoin-header needs a header\n" + USAGE);
                    return 2;
                }
                bitcoinHeader = args[++i];
            } else if (args[i].startsWith("-")) {
                err.println("unknown option " + args[i] + "\n" + USAGE);
                return 2;
            } else {
                files.add(args[i]);
            }
        }
        if (files.size() < 2) {
            err.println(USAGE);
            return 2;
        }
        byte[] json;
        List<X509Certificate> trusted = new ArrayList<>();
        Optional<BitcoinHeader> header;
        try {
            header = bitcoinHeader == null
                    ? Optional.empty()
                    : Optional.of(BitcoinHeader.fromHex(
                            bitcoinHeader.matches("[0-9a-fA-F]{160}")
                                    ? bitcoinHeader
                                    : Files.readString(Path.of(bitcoinHeader)).strip()));
            json = Files.readAllBytes(Path.of(files.get(0)));
            for (String caFile : files.subList(1, files.size())) {
                trusted.addAll(certificates(Path.of(caFile)));
            }
        } catch (IOException | CertificateException | RuntimeException e) {
            err.println("cannot read the certificate or a CA file (or the Bitcoin header): " + e.getMessage());
            return 2;
        }
        ProvenanceCertificate certificate;
        try {
            certificate = ProvenanceCertificate.parse(json);
        } catch (IllegalArgumentException e) {
            out.println("certificate format: FAILED - " + e.getMessage());
            out.println("result: NOT VERIFIED");
            return 1;
        }
        out.println("provenance certificate of good " + certificate.goodId() + " issued at " + certificate.issuedAt()
                + " by " + certificate.issuer().mspId() + " (" + certificate.goodCount() + " goods, "
                + certificate.readingProofs().size() + " reading proofs), verified at " + at);
        CertificateVerification result =
                header.isPresent() ? certificate.verify(trusted, at, header.get()) : certificate.verify(trusted, at);
        result.checks().forEach(out::println);
        if (!result.valid()) {
            out.println("result: NOT VERIFIED (failed: "
                    + result.failures().stream()
                            .map(check -> check.step().label() + " [" + check.element() + "]")
                            .toList()
                    + ")");
            return 1;
        }
        out.println("result: VERIFIED (signed by "
                + certificate.issuer().certificate().getSubjectX500Principal().getName()
                + "; transactions and blocks are the issuer's claim, not checked against the ledger by this command"
                + certificate
                        .bitcoinAnchor()
                        .map(anchor -> header.isPresent()
                                ? "; block " + certificate.newestBlock() + " chains to block "
                                        + anchor.fabricBlockNumber() + ", anchored in Bitcoin block "
                                        + anchor.bitcoinBlockHash()
                                : "; the Bitcoin anchor was not checked: no header given")
                        .orElse("")
                + ")");
        return 0;
    }

    private static List<X509Certificate> certificates(Path file) throws IOException, CertificateException {
        try (InputStream in = Files.newInputStream(file)) {
            List<X509Certificate> found = new ArrayList<>();
            for (Certificate certificate :
                    CertificateFactory.getInstance("X.509").generateCertificates(in)) {
                found.add((X509Certificate) certificate);
            }
            if (found.isEmpty()) {
                throw new CertificateException(file + " holds no certificate");
            }
            return found;
        }
    }
}
