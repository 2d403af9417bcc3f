package dev.robotledger.wire.crypto;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;

/**
 * PEM files for P-256 keys: private keys as PKCS#8 ({@code -----BEGIN PRIVATE KEY-----}), public
 * keys as X.509 SubjectPublicKeyInfo ({@code -----BEGIN PUBLIC KEY-----}).
 */
public final class KeyFiles {

    private static final String PRIVATE_LABEL = "PRIVATE KEY";
    private static final String PUBLIC_LABEL = "PUBLIC KEY";

    private KeyFiles() {}

    /** Writes the key atomically, readable by the owner only where the file system allows. */
    public static void writePrivateKey(Path file, PrivateKey key) throws IOException {
        EcdsaP256.requireP256(key);
        Path absolute = file.toAbsolutePath();
        Files.createDirectories(absolute.getParent());
        Path temp = Files.createTempFile(
                absolute.getParent(), absolute.getFileName().toString(), ".tmp");
        try {
            restrictToOwner(temp);
            Files.writeString(temp, pem(PRIVATE_LABEL, key.getEncoded()), StandardCharsets.US_ASCII);
            Files.move(temp, absolute, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    public static PrivateKey readPrivateKey(Path file) throws IOException {
        String pem = Files.readString(file, StandardCharsets.US_ASCII);
        try {
            byte[] der = derFromPem(pem, PRIVATE_LABEL, file.toString());
            PrivateKey key = KeyFactory.getInstance("EC").generatePrivate(new PKCS8EncodedKeySpec(der));
            EcdsaP256.requireP256(key);
            return key;
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new IOException(file + " does not hold a PKCS#8 P-256 private key", e);
        }
    }

    public static void writePublicKey(Path file, PublicKey key) throws IOException {
        Files.writeString(file, publicKeyPem(key), StandardCharsets.US_ASCII);
    }

    public static PublicKey readPublicKey(Path file) throws IOException {
        return parsePublicKeyPem(Files.readString(file, StandardCharsets.US_ASCII));
    }

    public static String publicKeyPem(PublicKey key) {
        EcdsaP256.requireP256(key);
        return pem(PUBLIC_LABEL, key.getEncoded());
    }

    /** Parses a {@code PUBLIC KEY} PEM block; throws {@link IllegalArgumentException} if it is not P-256. */
    public static PublicKey parsePublicKeyPem(String pem) {
        byte[] der = derFromPem(pem, PUBLIC_LABEL, "public key PEM");
        try {
            PublicKey key = KeyFactory.getInstance("EC").generatePublic(new X509EncodedKeySpec(der));
            EcdsaP256.requireP256(key);
            return key;
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("not an X.509 SubjectPublicKeyInfo P-256 key", e);
        }
    }

    /** DER bytes as a PEM block under {@code label}: 64-column base64, LF line ends. */
    public static String pem(String label, byte[] der) {
        String body = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                .encodeToString(der);
        return "-----BEGIN " + label + "-----\n" + body + "\n-----END " + label + "-----\n";
    }

    private static byte[] derFromPem(String pem, String label, String source) {
        String begin = "-----BEGIN " + label + "-----";
        String end = "-----END " + label + "-----";
        int from = pem.indexOf(begin);
        int to = pem.indexOf(end);
        if (from < 0 || to < from) {
            throw new IllegalArgumentException(source + " has no " + begin + " block");
        }
        try {
            return Base64.getMimeDecoder().decode(pem.substring(from + begin.length(), to));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(source + " has a corrupt " + label + " block", e);
        }
    }

    private static void restrictToOwner(Path file) throws IOException {
        try {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException notPosix) {
            // Windows and other non-POSIX file systems: rely on the directory's ACLs.
        }
    }
}
