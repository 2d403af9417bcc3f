package dev.robotledger.wire.certificate;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.robotledger.wire.fuzz.ByteEdits;
import dev.robotledger.wire.message.WireFormatException;
import java.util.Arrays;

/**
 * The certificate parser and verifier against untrusted bytes: they refuse with a
 * {@link WireFormatException} or answer with checks, never another exception, and a certificate
 * verifies only if its signed content is the genuine one. Keys and CAs are generated per run, so
 * the mutation target's regression inputs are recipes, not certificates.
 */
class CertificateFuzzTest {

    private static final CertificateFixture FIXTURE = new CertificateFixture();
    private static final byte[] GENUINE = FIXTURE.bytes();

    @FuzzTest
    void arbitraryBytesAreRefusedOrVerifyOnlyIfGenuine(byte[] json) {
        checkSignedContent(json);
    }

    @FuzzTest
    void mutatedCertificateVerifiesOnlyWithIdenticalSignedContent(FuzzedDataProvider data) {
        byte[] current = ByteEdits.apply(GENUINE, data);
        boolean verified = checkSignedContent(current);
        if (Arrays.equals(current, GENUINE)) {
            assertThat(verified).as("the genuine certificate").isTrue();
        }
    }

    /** Parses and verifies; true if it verified, which only the genuine signed content may. */
    private static boolean checkSignedContent(byte[] json) {
        ProvenanceCertificate certificate;
        try {
            certificate = ProvenanceCertificate.parse(json);
        } catch (WireFormatException refused) {
            assertThat(refused.reason()).isNotNull();
            assertThat(refused.detail()).isNotBlank();
            return false;
        }
        CertificateVerification result = FIXTURE.verify(certificate);
        if (result.valid()) {
            // Equal manifests of the content mean equal RFC 8785 bytes of every section.
            assertThat(certificate.signedBytes()).isEqualTo(FIXTURE.certificate.signedBytes());
            assertThat(certificate.contentManifest()).isEqualTo(FIXTURE.certificate.contentManifest());
            assertThat(certificate.issuer().certificateChain())
                    .isEqualTo(FIXTURE.certificate.issuer().certificateChain());
        } else {
            assertThat(result.failures())
                    .allSatisfy(check -> assertThat(check.detail()).isNotBlank());
        }
        return result.valid();
    }
}
