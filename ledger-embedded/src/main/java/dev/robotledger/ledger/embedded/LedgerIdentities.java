package dev.robotledger.ledger.embedded;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;

/**
 * The embedded ledger's crypto material in its directory, made on the first start and reused on
 * every later one, so that clients keep trusting the ledger and signing as the same identities:
 *
 * <pre>
 * DIR/tls/ca.pem, server-cert.pem, server-key.pem    the TLS CA, and the server's certificate for peer0.manufacturer.test
 * DIR/orgs/&lt;org&gt;/ca.pem, cert.pem, key.pem            per org: its CA, a client identity signed by it, its PKCS#8 key
 * DIR/tls-ca.pem                                     a copy of DIR/tls/ca.pem
 * DIR/client-cert.pem, DIR/client-key.pem            copies of the manufacturer's identity
 * </pre>
 *
 * Each group (tls, and each org) is written into a temporary directory and renamed into place,
 * so a start that dies half way leaves no half-made group; an existing group is never replaced.
 * The copies are derived files, rewritten from their group on every start. Key files are
 * readable by their owner only. The CAs' own keys are not kept: nothing is issued after the first start.
 */
final class LedgerIdentities {

    /** The organisations of the channel, by directory name and MSP id. */
    enum Org {
        MANUFACTURER("manufacturer", "ManufacturerMSP"),
        RETAILER("retailer", "RetailerMSP"),
        LENDER("lender", "LenderMSP"),
        ORACLE("oracle", "OracleMSP");

        final String directoryName;
        final String mspId;

        Org(String directoryName, String mspId) {
            this.directoryName = directoryName;
            this.mspId = mspId;
        }
    }

    static final String CA = "ca.pem";
    static final String CERTIFICATE = "cert.pem";
    static final String KEY = "key.pem";
    private static final String SERVER_CERTIFICATE = "server-cert.pem";
    private static final String SERVER_KEY = "server-key.pem";

    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");

    private final Path dir;

    private LedgerIdentities(Path dir) {
        this.dir = dir;
    }

    /**
     * The material in {@code dir}, made where a group is missing, certificates valid for {@code validity}.
     *
     * @throws IOException when a group is incomplete or a certificate has expired (both need a person to decide)
     */
    static LedgerIdentities createOrReuse(Path dir, Duration validity) throws IOException {
        LedgerIdentities identities = new LedgerIdentities(dir);
        Files.createDirectories(dir.resolve("orgs"));
        createGroup(
                dir.resolve("tls"),
                group -> {
                    CertificateAuthority ca = CertificateAuthority.newCa("tlsca.manufacturer.test", validity);
                    ca.writeCaCertificate(group.resolve(CA));
                    ca.issue(
                            EmbeddedLedgerMain.TLS_SERVER_NAME,
                            EmbeddedLedgerMain.TLS_SERVER_NAME,
                            group.resolve(SERVER_CERTIFICATE),
                            group.resolve(SERVER_KEY));
                },
                List.of(CA, SERVER_CERTIFICATE),
                SERVER_KEY);
        for (Org org : Org.values()) {
            createGroup(
                    identities.orgDir(org),
                    group -> {
                        CertificateAuthority ca =
                                CertificateAuthority.newCa("ca." + org.directoryName + ".test", validity);
                        ca.writeCaCertificate(group.resolve(CA));
                        ca.issue(
                                "Gateway@" + org.directoryName + ".test",
                                null,
                                group.resolve(CERTIFICATE),
                                group.resolve(KEY));
                    },
                    List.of(CA, CERTIFICATE),
                    KEY);
        }
        Files.copy(dir.resolve("tls").resolve(CA), dir.resolve("tls-ca.pem"), StandardCopyOption.REPLACE_EXISTING);
        Path manufacturer = identities.orgDir(Org.MANUFACTURER);
        Files.copy(
                manufacturer.resolve(CERTIFICATE), dir.resolve("client-cert.pem"), StandardCopyOption.REPLACE_EXISTING);
        Files.copy(manufacturer.resolve(KEY), dir.resolve("client-key.pem"), StandardCopyOption.REPLACE_EXISTING);
        Files.setPosixFilePermissions(dir.resolve("client-key.pem"), OWNER_ONLY);
        return identities;
    }

    Path tlsCertificate() {
        return dir.resolve("tls").resolve(SERVER_CERTIFICATE);
    }

    Path tlsKey() {
        return dir.resolve("tls").resolve(SERVER_KEY);
    }

    Path orgDir(Org org) {
        return dir.resolve("orgs").resolve(org.directoryName);
    }

    @FunctionalInterface
    private interface GroupWriter {
        void write(Path group) throws IOException;
    }

    private static void createGroup(Path group, GroupWriter writer, List<String> certificates, String key)
            throws IOException {
        if (Files.exists(group)) {
            for (String file : certificates) {
                requireUnexpired(group.resolve(file), group);
            }
            if (!Files.isRegularFile(group.resolve(key))) {
                throw missing(group.resolve(key), group);
            }
            return;
        }
        Path temporary = Files.createTempDirectory(group.getParent(), "." + group.getFileName() + "-");
        writer.write(temporary);
        Files.move(temporary, group, StandardCopyOption.ATOMIC_MOVE);
    }

    private static IOException missing(Path file, Path group) {
        return new IOException(file + " is missing: remove " + group + " to make the whole group anew"
                + " (clients must then take the new files)");
    }

    private static void requireUnexpired(Path certificateFile, Path group) throws IOException {
        if (!Files.isRegularFile(certificateFile)) {
            throw missing(certificateFile, group);
        }
        X509Certificate certificate;
        try (InputStream in = Files.newInputStream(certificateFile)) {
            certificate =
                    (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
        } catch (GeneralSecurityException e) {
            throw new IOException(certificateFile + " is not an X.509 certificate", e);
        }
        if (certificate.getNotAfter().toInstant().isBefore(Instant.now())) {
            throw new IOException(
                    certificateFile + " expired at " + certificate.getNotAfter().toInstant() + ": remove " + group
                            + " to make the whole group anew (clients must then take the new files)");
        }
    }
}
