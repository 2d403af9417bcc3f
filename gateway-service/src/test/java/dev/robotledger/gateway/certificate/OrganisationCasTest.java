package dev.robotledger.gateway.certificate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.robotledger.ledger.embedded.CertificateAuthority;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OrganisationCasTest {

    @TempDir
    Path dir;

    @Test
    void publishesEveryCertificateOfTheFileEachAfterItsSubjectAndFingerprint() throws Exception {
        Path manufacturer = CertificateAuthority.newCa("ca.manufacturer.test").writeCaCertificate(dir.resolve("m.pem"));
        Path retailer = CertificateAuthority.newCa("ca.retailer.test").writeCaCertificate(dir.resolve("r.pem"));
        Path file = Files.writeString(
                dir.resolve("cas.pem"),
                "# manufacturer\n" + Files.readString(manufacturer) + "# retailer\n" + Files.readString(retailer));

        OrganisationCas cas = OrganisationCas.read(file);
        String pem = new String(cas.pem(), StandardCharsets.US_ASCII);

        assertThat(cas.certificates()).hasSize(2);
        assertThat(pem)
                .startsWith("# CN=ca.manufacturer.test")
                .contains("\n# CN=ca.retailer.test")
                .containsPattern("# SHA-256 fingerprint ([0-9A-F]{2}:){31}[0-9A-F]{2}\n-----BEGIN CERTIFICATE-----");
        // What it publishes reads back as the same certificates, comments and all.
        List<Certificate> readBack = List.copyOf(
                CertificateFactory.getInstance("X.509").generateCertificates(new ByteArrayInputStream(cas.pem())));
        assertThat(readBack).isEqualTo(List.copyOf(cas.certificates()));
    }

    @Test
    void refusesAFileWithoutACertificateNamingIt() throws Exception {
        Path empty = Files.writeString(dir.resolve("empty.pem"), "# nothing here\n");

        assertThatThrownBy(() -> OrganisationCas.read(empty))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(empty.toString());
        assertThatThrownBy(() -> OrganisationCas.read(dir.resolve("missing.pem")))
                .hasMessageContaining("missing.pem");
    }
}
