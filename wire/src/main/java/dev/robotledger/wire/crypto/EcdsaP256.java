package dev.robotledger.wire.crypto;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.InvalidKeyException;
import java.security.Key;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.security.PrivateKey;
import java.security.Provider;
import java.security.PublicKey;
import java.security.Signature;
import java.security.SignatureException;
import java.security.interfaces.ECKey;
import java.security.spec.ECGenParameterSpec;
import java.util.Optional;
import org.conscrypt.Conscrypt;

/**
 * ECDSA over NIST P-256 with SHA-256 ({@code SHA256withECDSA}), signatures in ASN.1 DER. P-256
 * because it is what factory secure elements support. Signing and verification use Conscrypt
 * (BoringSSL) where its native library loads, because one verification per message is the
 * gateway's largest cost and the JDK 17 provider is about 20 times slower; elsewhere the JDK's.
 * Keys are plain JCA keys either way, and the signatures are the same format.
 */
public final class EcdsaP256 {

    public static final String ALGORITHM = "SHA256withECDSA";
    private static final BigInteger P256_ORDER =
            new BigInteger("FFFFFFFF00000000FFFFFFFFFFFFFFFFBCE6FAADA7179E84F3B9CAC2FC632551", 16);

    private static final Optional<Provider> NATIVE =
            Conscrypt.isAvailable() ? Optional.of(Conscrypt.newProvider()) : Optional.empty();

    private EcdsaP256() {}

    /** The name of the provider that signs and verifies here, e.g. "Conscrypt" or "SunEC". */
    public static String providerName() {
        try {
            return signature().getProvider().getName();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("no provider for " + ALGORITHM, e);
        }
    }

    private static Signature signature() throws NoSuchAlgorithmException {
        return NATIVE.isPresent() ? Signature.getInstance(ALGORITHM, NATIVE.get()) : Signature.getInstance(ALGORITHM);
    }

    public static KeyPair generateKeyPair() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"));
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK provides P-256", e);
        }
    }

    /** Signs {@code data}; the result is a DER-encoded ECDSA signature. */
    public static byte[] sign(PrivateKey key, byte[] data) {
        requireP256(key);
        try {
            Signature signer = signature();
            signer.initSign(key);
            signer.update(data);
            return signer.sign();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("signing with a valid P-256 key failed", e);
        }
    }

    /** True only for a well-formed DER signature by {@code key} over exactly {@code data}. */
    public static boolean verify(PublicKey key, byte[] data, byte[] signature) {
        requireP256(key);
        try {
            Signature verifier = signature();
            verifier.initVerify(key);
            verifier.update(data);
            return verifier.verify(signature);
        } catch (SignatureException malformed) {
            return false;
        } catch (InvalidKeyException e) {
            throw new IllegalArgumentException("not a usable P-256 public key", e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("no provider for " + ALGORITHM, e);
        }
    }

    /** Throws {@link IllegalArgumentException} unless {@code key} is an EC key on P-256. */
    public static void requireP256(Key key) {
        if (!(key instanceof ECKey ec) || !P256_ORDER.equals(ec.getParams().getOrder())) {
            throw new IllegalArgumentException("expected an ECDSA P-256 key, got "
                    + (key == null ? "none" : key.getAlgorithm() + " " + key.getFormat()));
        }
    }
}
