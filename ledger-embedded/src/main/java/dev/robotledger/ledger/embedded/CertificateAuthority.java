package dev.robotledger.ledger.embedded;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.concurrent.atomic.AtomicLong;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A CA made on the spot, and EC P-256 keys with certificates it issues, written as PEM files
 * (certificates, PKCS#8 keys) the way an org's MSP folder holds them: the embedded ledger's
 * identities, and tests' throw-away ones. The CA's own key stays in memory.
 */
public final class CertificateAuthority {

    private static final AtomicLong SERIAL = new AtomicLong(System.nanoTime());

    private static final Duration DEFAULT_VALIDITY = Duration.ofDays(1);

    private final KeyPair caKeys;
    private final X509Certificate caCertificate;
    private final Duration validity;

    /** A key pair, its certificate, and where both were written. */
    public record Issued(KeyPair keys, X509Certificate certificate, Path certificateFile, Path privateKeyFile) {}

    private CertificateAuthority(KeyPair caKeys, X509Certificate caCertificate, Duration validity) {
        this.caKeys = caKeys;
        this.caCertificate = caCertificate;
        this.validity = validity;
    }

    /** A CA whose certificates, its own included, are valid for a day. */
    public static CertificateAuthority newCa(String name) {
        return newCa(name, DEFAULT_VALIDITY);
    }

    /** A CA whose certificates, its own included, are valid for {@code validity} from an hour ago. */
    public static CertificateAuthority newCa(String name, Duration validity) {
        KeyPair keys = p256();
        X500Name subject = new X500Name("CN=" + name);
        return new CertificateAuthority(
                keys,
                sign(
                        new JcaX509v3CertificateBuilder(
                                subject, serial(), notBefore(), notAfter(validity), subject, keys.getPublic()),
                        keys,
                        true,
                        null),
                validity);
    }

    public X509Certificate caCertificate() {
        return caCertificate;
    }

    public Path writeCaCertificate(Path file) throws IOException {
        return Files.writeString(file, pem("CERTIFICATE", encoded(caCertificate)));
    }

    /** A certificate for {@code commonName}, written to {@code dir} as {@code <commonName>-cert.pem} and {@code -key.pem}. */
    public Issued issue(String commonName, String dnsName, Path dir) throws IOException {
        return issue(commonName, dnsName, dir.resolve(commonName + "-cert.pem"), dir.resolve(commonName + "-key.pem"));
    }

    /**
     * A certificate for {@code commonName}, with a DNS name one a TLS server can present; the key
     * file is readable by its owner only.
     */
    public Issued issue(String commonName, String dnsName, Path certificateFile, Path privateKeyFile)
            throws IOException {
        KeyPair keys = p256();
        X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(
                new X500Name(caCertificate.getSubjectX500Principal().getName()),
                serial(),
                notBefore(),
                notAfter(validity),
                new X500Name("CN=" + commonName),
                keys.getPublic());
        X509Certificate certificate = sign(builder, caKeys, false, dnsName);
        Files.writeString(certificateFile, pem("CERTIFICATE", encoded(certificate)));
        Files.deleteIfExists(privateKeyFile);
        Files.createFile(
                privateKeyFile, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.writeString(privateKeyFile, pem("PRIVATE KEY", keys.getPrivate().getEncoded()));
        return new Issued(keys, certificate, certificateFile, privateKeyFile);
    }

    private static X509Certificate sign(X509v3CertificateBuilder builder, KeyPair issuer, boolean ca, String dnsName) {
        try {
            builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(ca));
            builder.addExtension(
                    Extension.keyUsage,
                    true,
                    new KeyUsage(
                            ca
                                    ? KeyUsage.keyCertSign | KeyUsage.cRLSign | KeyUsage.digitalSignature
                                    : KeyUsage.digitalSignature | KeyUsage.keyAgreement));
            if (dnsName != null) {
                builder.addExtension(
                        Extension.subjectAlternativeName,
                        false,
                        new GeneralNames(new GeneralName(GeneralName.dNSName, dnsName)));
            }
            return new JcaX509CertificateConverter()
                    .getCertificate(
                            builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(issuer.getPrivate())));
        } catch (IOException | OperatorCreationException | GeneralSecurityException e) {
            throw new IllegalStateException("cannot issue a test certificate", e);
        }
    }

    private static KeyPair p256() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"));
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("P-256 is in every JDK", e);
        }
    }

    private static byte[] encoded(X509Certificate certificate) {
        try {
            return certificate.getEncoded();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    public static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n"
                + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der) + "\n-----END " + type + "-----\n";
    }

    private static BigInteger serial() {
        return BigInteger.valueOf(SERIAL.incrementAndGet());
    }

    private static Date notBefore() {
        return Date.from(Instant.now().minus(Duration.ofHours(1)));
    }

    private static Date notAfter(Duration validity) {
        return Date.from(Instant.now().plus(validity));
    }
}
