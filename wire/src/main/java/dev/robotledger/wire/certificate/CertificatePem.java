package dev.robotledger.wire.certificate;

import dev.robotledger.wire.message.WireFormatException.Reason;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.cert.CertificateEncodingException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.Base64;

/** X.509 certificates as PEM text, in one canonical spelling (64-column base64, LF line ends). */
final class CertificatePem {

    private static final String BEGIN = "-----BEGIN CERTIFICATE-----\n";
    private static final String END = "\n-----END CERTIFICATE-----\n";

    private CertificatePem() {}

    static String encode(X509Certificate certificate) {
        try {
            return BEGIN
                    + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                            .encodeToString(certificate.getEncoded())
                    + END;
        } catch (CertificateEncodingException e) {
            throw new IllegalArgumentException(
                    "certificate " + certificate.getSubjectX500Principal() + " has no DER form", e);
        }
    }

    /**
     * Parses one certificate and refuses any other spelling than {@link #encode}'s: the JDK's PEM
     * reading skips stray characters and trailing data, which would let altered text pass.
     */
    static X509Certificate parse(String pem, String path) {
        X509Certificate certificate;
        try {
            if (!pem.startsWith(BEGIN) || !pem.endsWith(END)) {
                throw new IllegalArgumentException("no single PEM certificate block");
            }
            byte[] der = Base64.getMimeDecoder().decode(pem.substring(BEGIN.length(), pem.length() - END.length()));
            certificate = (X509Certificate)
                    CertificateFactory.getInstance("X.509").generateCertificate(new ByteArrayInputStream(der));
        } catch (GeneralSecurityException | IllegalArgumentException | ClassCastException e) {
            throw Fields.refusal(Reason.WRONG_TYPE, path, "is not a PEM X.509 certificate: " + e.getMessage());
        }
        if (!encode(certificate).equals(pem)) {
            throw Fields.refusal(
                    Reason.WRONG_TYPE,
                    path,
                    "is not in canonical PEM form (64-column base64 of the DER, LF line ends, nothing else)");
        }
        return certificate;
    }
}
