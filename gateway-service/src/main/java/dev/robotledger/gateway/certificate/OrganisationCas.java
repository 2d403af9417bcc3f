package dev.robotledger.gateway.certificate;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.Certificate;
import java.security.cert.CertificateEncodingException;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;

/**
 * The CA certificates of the network's organisations, which a verifier of a provenance certificate
 * trusts: published so that anyone can check a certificate offline. Written as one PEM file, each
 * certificate after a line with its subject and SHA-256 fingerprint, which a reader compares with
 * the organisation out of band before trusting the file.
 */
public final class OrganisationCas {

    private final List<X509Certificate> certificates;

    private OrganisationCas(List<X509Certificate> certificates) {
        if (certificates.isEmpty()) {
            throw new IllegalArgumentException("no CA certificate given");
        }
        this.certificates = List.copyOf(certificates);
    }

    /**
     * The certificates of a PEM file.
     *
     * @throws IllegalArgumentException naming the file when it cannot be read or holds no certificate
     */
    public static OrganisationCas read(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            List<X509Certificate> found = CertificateFactory.getInstance("X.509").generateCertificates(in).stream()
                    .map(X509Certificate.class::cast)
                    .toList();
            if (found.isEmpty()) {
                throw new IllegalArgumentException(file + " holds no PEM certificate");
            }
            return new OrganisationCas(found);
        } catch (IOException | CertificateException e) {
            throw new IllegalArgumentException(
                    "cannot read the organisations' CA certificates from " + file + ": " + e.getMessage(), e);
        }
    }

    public List<X509Certificate> certificates() {
        return certificates;
    }

    /** The PEM file: each certificate after a line naming its subject and SHA-256 fingerprint. */
    public byte[] pem() {
        StringBuilder pem = new StringBuilder();
        Base64.Encoder base64 = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII));
        for (X509Certificate certificate : certificates) {
            byte[] der = der(certificate);
            pem.append("# ")
                    .append(certificate.getSubjectX500Principal().getName())
                    .append('\n')
                    .append("# SHA-256 fingerprint ")
                    .append(fingerprint(der))
                    .append('\n')
                    .append("-----BEGIN CERTIFICATE-----\n")
                    .append(base64.encodeToString(der))
                    .append("\n-----END CERTIFICATE-----\n");
        }
        return pem.toString().getBytes(StandardCharsets.US_ASCII);
    }

    private static byte[] der(Certificate certificate) {
        try {
            return certificate.getEncoded();
        } catch (CertificateEncodingException e) {
            throw new IllegalStateException("a parsed certificate has no DER form", e);
        }
    }

    private static String fingerprint(byte[] der) {
        try {
            return HexFormat.ofDelimiter(":")
                    .withUpperCase()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(der));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
