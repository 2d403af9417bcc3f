package dev.robotledger.agent.access;

import dev.robotledger.wire.crypto.EcdsaP256;
import dev.robotledger.wire.crypto.KeyFiles;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigInteger;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.CertificateFactory;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.CRLReason;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v2CRLBuilder;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CRLConverter;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v2CRLBuilder;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * The broker's own small CA: a certificate for the broker and one per client (each robot, and the
 * gateway), whose common name is the client's user name, so that Mosquitto's
 * {@code use_identity_as_username} and the same ACL pattern confine each robot to its topics.
 *
 * <p>In {@code dir}: {@code ca-cert.pem} and {@code ca-key.pem}, {@code broker-cert.pem} and
 * {@code broker-key.pem}, {@code <user>-cert.pem} and {@code <user>-key.pem}, and
 * {@code revoked.crl} with every certificate revoked so far ({@code revoked.txt} lists their
 * serials and users). Keys are P-256 PKCS#8, readable by their owner only. Existing files are kept,
 * so running this again adds clients without re-issuing anyone.
 */
public final class BrokerCertificates {

    public static final String CA_CERTIFICATE = "ca-cert.pem";
    public static final String BROKER_CERTIFICATE = "broker-cert.pem";
    public static final String BROKER_KEY = "broker-key.pem";
    public static final String CRL = "revoked.crl";
    private static final String CA_KEY = "ca-key.pem";
    private static final String REVOKED = "revoked.txt";
    private static final Duration CA_VALIDITY = Duration.ofDays(3650);
    private static final Duration CLIENT_VALIDITY = Duration.ofDays(825);
    private static final Pattern SERIAL = Pattern.compile("[0-9a-f]{1,40}");
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Path dir;
    private final X509Certificate ca;
    private final PrivateKey caKey;

    private BrokerCertificates(Path dir, X509Certificate ca, PrivateKey caKey) {
        this.dir = dir;
        this.ca = ca;
        this.caKey = caKey;
    }

    /** The CA in {@code dir}, made there first if it is not. */
    public static BrokerCertificates open(Path dir) throws IOException {
        Files.createDirectories(dir);
        Path caFile = dir.resolve(CA_CERTIFICATE);
        Path keyFile = dir.resolve(CA_KEY);
        if (Files.exists(caFile) != Files.exists(keyFile)) {
            throw new IOException(
                    "only one of " + caFile + " and " + keyFile + " exists: restore the other or remove both");
        }
        if (!Files.exists(caFile)) {
            KeyPair keys = EcdsaP256.generateKeyPair();
            X500Name subject = new X500Name("CN=robot provenance broker CA");
            X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(
                    subject,
                    serial(),
                    notBefore(),
                    Date.from(Instant.now().plus(CA_VALIDITY)),
                    subject,
                    keys.getPublic());
            X509Certificate certificate = sign(builder, keys.getPrivate(), Role.CA);
            KeyFiles.writePrivateKey(keyFile, keys.getPrivate());
            writeAtomically(caFile, KeyFiles.pem("CERTIFICATE", encoded(certificate)));
        }
        return new BrokerCertificates(dir, readCertificate(caFile), KeyFiles.readPrivateKey(keyFile));
    }

    /** The broker's server certificate for these host names and addresses, issued if absent. */
    public void issueBroker(List<String> hosts) throws IOException {
        if (hosts.isEmpty()) {
            throw new IllegalArgumentException("the broker certificate needs at least one host name or address");
        }
        issue("broker", hosts, dir.resolve(BROKER_CERTIFICATE), dir.resolve(BROKER_KEY), Role.SERVER);
    }

    /**
     * A client certificate whose common name is {@code user}, issued if absent; never again for a
     * user whose certificate was revoked (a robot id is not reused).
     *
     * @return whether the user holds a certificate now
     */
    public boolean issueClient(String user) throws IOException {
        if (revokedUsers().contains(user)) {
            return false;
        }
        issue(user, List.of(), certificateOf(dir, user), keyOf(dir, user), Role.CLIENT);
        return true;
    }

    /**
     * Revokes the user's certificate: its serial goes into the CRL and its files are removed, so
     * the broker refuses it once it has read the CRL again (Mosquitto reads it at start).
     */
    public boolean revoke(String user) throws IOException {
        Path certificateFile = certificateOf(dir, user);
        if (!Files.exists(certificateFile)) {
            return false;
        }
        BigInteger serial = readCertificate(certificateFile).getSerialNumber();
        Files.writeString(
                dir.resolve(REVOKED),
                serial.toString(16) + " " + user + "\n",
                StandardCharsets.US_ASCII,
                StandardOpenOption.CREATE,
                StandardOpenOption.APPEND);
        writeCrl();
        Files.delete(certificateFile);
        Files.deleteIfExists(keyOf(dir, user));
        return true;
    }

    /** Writes {@code revoked.crl} from {@code revoked.txt}; an empty CRL when nothing was revoked. */
    public Path writeCrl() throws IOException {
        Date now = new Date();
        X509v2CRLBuilder builder = new JcaX509v2CRLBuilder(ca, now);
        // Valid as long as the CA: a CRL past its next update makes the broker refuse every client.
        builder.setNextUpdate(ca.getNotAfter());
        for (BigInteger serial : revokedSerials()) {
            builder.addCRLEntry(serial, now, CRLReason.cessationOfOperation);
        }
        try {
            X509CRL crl = new JcaX509CRLConverter().getCRL(builder.build(signer(caKey)));
            Path file = dir.resolve(CRL);
            writeAtomically(file, KeyFiles.pem("X509 CRL", crl.getEncoded()));
            return file;
        } catch (GeneralSecurityException | OperatorCreationException e) {
            throw new IOException("cannot sign the broker CA's revocation list: " + e.getMessage(), e);
        }
    }

    public static Path certificateOf(Path dir, String user) {
        return dir.resolve(user + "-cert.pem");
    }

    public static Path keyOf(Path dir, String user) {
        return dir.resolve(user + "-key.pem");
    }

    private Set<BigInteger> revokedSerials() throws IOException {
        Set<BigInteger> serials = new TreeSet<>();
        for (String[] entry : revokedEntries()) {
            serials.add(new BigInteger(entry[0], 16));
        }
        return serials;
    }

    private Set<String> revokedUsers() throws IOException {
        Set<String> users = new TreeSet<>();
        for (String[] entry : revokedEntries()) {
            users.add(entry[1]);
        }
        return users;
    }

    /** The lines of {@code revoked.txt}: a serial in hex and the user it was issued to. */
    private List<String[]> revokedEntries() throws IOException {
        List<String[]> entries = new ArrayList<>();
        Path file = dir.resolve(REVOKED);
        if (!Files.exists(file)) {
            return entries;
        }
        for (String line : Files.readAllLines(file, StandardCharsets.US_ASCII)) {
            if (line.isBlank()) {
                continue;
            }
            String[] entry = line.strip().split(" ", 2);
            if (entry.length != 2 || !SERIAL.matcher(entry[0]).matches()) {
                throw new IOException(file + ": not '<serial in hex> <user>': " + line);
            }
            entries.add(entry);
        }
        return entries;
    }

    private void issue(String commonName, List<String> hosts, Path certificateFile, Path keyFile, Role role)
            throws IOException {
        if (Files.exists(certificateFile) && Files.exists(keyFile)) {
            return;
        }
        KeyPair keys = EcdsaP256.generateKeyPair();
        X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(
                ca,
                serial(),
                notBefore(),
                Date.from(Instant.now().plus(CLIENT_VALIDITY)),
                new X500Name("CN=" + commonName),
                keys.getPublic());
        if (!hosts.isEmpty()) {
            List<GeneralName> names = new ArrayList<>();
            for (String host : hosts) {
                names.add(
                        isAddress(host)
                                ? new GeneralName(GeneralName.iPAddress, host)
                                : new GeneralName(GeneralName.dNSName, host));
            }
            try {
                builder.addExtension(
                        Extension.subjectAlternativeName, false, new GeneralNames(names.toArray(GeneralName[]::new)));
            } catch (IOException e) {
                throw new IllegalArgumentException("not a host name or address among " + hosts, e);
            }
        }
        X509Certificate certificate = sign(builder, caKey, role);
        KeyFiles.writePrivateKey(keyFile, keys.getPrivate());
        writeAtomically(certificateFile, KeyFiles.pem("CERTIFICATE", encoded(certificate)));
    }

    private static boolean isAddress(String host) {
        if (!host.matches("[0-9.]+|[0-9a-fA-F:]*:[0-9a-fA-F:.]*")) {
            return false;
        }
        try {
            InetAddress.getByName(host);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private enum Role {
        CA,
        SERVER,
        CLIENT
    }

    private static X509Certificate sign(X509v3CertificateBuilder builder, PrivateKey issuerKey, Role role) {
        try {
            builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(role == Role.CA));
            builder.addExtension(
                    Extension.keyUsage,
                    true,
                    new KeyUsage(
                            role == Role.CA
                                    ? KeyUsage.keyCertSign | KeyUsage.cRLSign
                                    : KeyUsage.digitalSignature | KeyUsage.keyAgreement));
            if (role != Role.CA) {
                builder.addExtension(
                        Extension.extendedKeyUsage,
                        false,
                        new ExtendedKeyUsage(
                                role == Role.SERVER ? KeyPurposeId.id_kp_serverAuth : KeyPurposeId.id_kp_clientAuth));
            }
            return new JcaX509CertificateConverter().getCertificate(builder.build(signer(issuerKey)));
        } catch (IOException | OperatorCreationException | GeneralSecurityException e) {
            throw new IllegalStateException("cannot issue a broker certificate", e);
        }
    }

    private static ContentSigner signer(PrivateKey key) throws OperatorCreationException {
        return new JcaContentSignerBuilder(EcdsaP256.ALGORITHM).build(key);
    }

    private static X509Certificate readCertificate(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
        } catch (GeneralSecurityException | ClassCastException e) {
            throw new IOException(file + " does not hold a PEM certificate", e);
        }
    }

    private static byte[] encoded(X509Certificate certificate) {
        try {
            return certificate.getEncoded();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void writeAtomically(Path file, String content) throws IOException {
        Path temp = Files.createTempFile(
                file.toAbsolutePath().getParent(), file.getFileName().toString(), ".tmp");
        try {
            Files.writeString(temp, content, StandardCharsets.US_ASCII);
            // World-readable like any certificate: the broker reads these as its own user.
            Files.setPosixFilePermissions(temp, PosixFilePermissions.fromString("rw-r--r--"));
            Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    private static BigInteger serial() {
        return new BigInteger(127, RANDOM).add(BigInteger.ONE);
    }

    private static Date notBefore() {
        return Date.from(Instant.now().minus(Duration.ofHours(1)));
    }
}
