package dev.robotledger.ledger.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LedgerIdentitiesTest {

    @TempDir
    Path dir;

    @Test
    void makesAnIdentitySignedByItsOwnCaForEachOrgWithOwnerOnlyPkcs8Keys() throws Exception {
        LedgerIdentities identities = LedgerIdentities.createOrReuse(dir, Duration.ofDays(1));

        for (LedgerIdentities.Org org : LedgerIdentities.Org.values()) {
            Path orgDir = identities.orgDir(org);
            X509Certificate ca = certificate(orgDir.resolve(LedgerIdentities.CA));
            certificate(orgDir.resolve(LedgerIdentities.CERTIFICATE)).verify(ca.getPublicKey());
            assertThat(Files.readString(orgDir.resolve(LedgerIdentities.KEY)))
                    .startsWith("-----BEGIN PRIVATE KEY-----");
            assertThat(PosixFilePermissions.toString(
                            Files.getPosixFilePermissions(orgDir.resolve(LedgerIdentities.KEY))))
                    .isEqualTo("rw-------");
        }
        certificate(identities.tlsCertificate())
                .verify(certificate(dir.resolve("tls-ca.pem")).getPublicKey());
        Path manufacturer = identities.orgDir(LedgerIdentities.Org.MANUFACTURER);
        assertThat(dir.resolve("client-cert.pem"))
                .hasSameBinaryContentAs(manufacturer.resolve(LedgerIdentities.CERTIFICATE));
        assertThat(dir.resolve("client-key.pem")).hasSameBinaryContentAs(manufacturer.resolve(LedgerIdentities.KEY));
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("client-key.pem"))))
                .isEqualTo("rw-------");
    }

    @Test
    void aLaterStartReusesEveryFileAsItIs() throws Exception {
        LedgerIdentities.createOrReuse(dir, Duration.ofDays(1));
        Map<Path, String> first = contents();

        LedgerIdentities.createOrReuse(dir, Duration.ofDays(1));

        assertThat(contents()).isEqualTo(first).hasSize(18);
    }

    @Test
    void refusesAGroupWithAFileMissingInsteadOfMakingItAgain() throws Exception {
        LedgerIdentities identities = LedgerIdentities.createOrReuse(dir, Duration.ofDays(1));
        Path key = identities.orgDir(LedgerIdentities.Org.LENDER).resolve(LedgerIdentities.KEY);
        Files.delete(key);

        assertThatThrownBy(() -> LedgerIdentities.createOrReuse(dir, Duration.ofDays(1)))
                .isInstanceOf(IOException.class)
                .hasMessageContaining(key.toString())
                .hasMessageContaining("remove");
        assertThat(key).doesNotExist();
    }

    private Map<Path, String> contents() throws IOException {
        Map<Path, String> contents = new TreeMap<>();
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                contents.put(dir.relativize(file), Files.readString(file));
            }
        }
        return contents;
    }

    private static X509Certificate certificate(Path file) throws Exception {
        try (InputStream in = Files.newInputStream(file)) {
            return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
        }
    }
}
