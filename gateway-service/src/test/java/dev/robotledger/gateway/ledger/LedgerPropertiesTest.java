package dev.robotledger.gateway.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LedgerPropertiesTest {

    @TempDir
    Path dir;

    private Path tlsCa;
    private Path certificate;
    private Path key;

    @BeforeEach
    void files() throws Exception {
        // Contents do not matter here: the properties check presence; LedgerConnection parses them.
        tlsCa = Files.writeString(dir.resolve("tlsca.pem"), "ca");
        certificate = Files.writeString(dir.resolve("cert.pem"), "cert");
        key = Files.writeString(dir.resolve("priv_sk"), "key");
    }

    private LedgerProperties properties(String endpoint, Path tlsCaFile, Path certificateFile, Path keyFile) {
        return new LedgerProperties(
                endpoint,
                tlsCaFile,
                null,
                "ManufacturerMSP",
                certificateFile,
                keyFile,
                "provenance",
                "provenance",
                Duration.ofSeconds(5),
                Duration.ofSeconds(15),
                Duration.ofSeconds(5),
                Duration.ofMinutes(1),
                Duration.ofSeconds(10),
                3,
                "");
    }

    @Test
    void withoutPeerEndpointTheLedgerIsOffAndNoFileIsNeeded() {
        assertThat(properties(null, null, null, null).enabled()).isFalse();
    }

    @Test
    void missingCertificateFileIsRefusedNamingTheSettingAndThePath() {
        Path missing = dir.resolve("signcerts/absent.pem");

        assertThatThrownBy(() -> properties("peer0.manufacturer.test:7051", tlsCa, missing, key))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("gateway.ledger.certificate-file")
                .hasMessageContaining(missing.toAbsolutePath().toString());
    }

    @Test
    void everyFileIsRequiredOnceAPeerIsConfigured() {
        assertThatThrownBy(() -> properties("peer0.manufacturer.test:7051", null, certificate, key))
                .hasMessageContaining("gateway.ledger.tls-ca-cert-file is required");
        assertThatThrownBy(() -> properties("peer0.manufacturer.test:7051", tlsCa, certificate, null))
                .hasMessageContaining("gateway.ledger.private-key-file is required");
        assertThat(properties("peer0.manufacturer.test:7051", tlsCa, certificate, key)
                        .enabled())
                .isTrue();
    }

    @Test
    void peerEndpointMustBeHostAndPort() {
        assertThatThrownBy(() -> properties("grpcs://peer0:7051", tlsCa, certificate, key))
                .hasMessageContaining("gateway.ledger.peer-endpoint must be host:port, was 'grpcs://peer0:7051'");
        assertThat(properties("[::1]:7051", tlsCa, certificate, key).enabled()).isTrue();
    }
}
