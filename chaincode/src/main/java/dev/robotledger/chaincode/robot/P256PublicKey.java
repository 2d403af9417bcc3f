package dev.robotledger.chaincode.robot;

import dev.robotledger.chaincode.ledger.Refusals;
import dev.robotledger.contract.ErrorCode;
import java.security.AlgorithmParameters;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECParameterSpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;

/**
 * Robot keys are ECDSA P-256 (what factory secure elements support). A key is accepted only as
 * a PEM SubjectPublicKeyInfo on that curve, and stored re-encoded so equal keys are equal text.
 */
final class P256PublicKey {

    private static final String BEGIN = "-----BEGIN PUBLIC KEY-----";
    private static final String END = "-----END PUBLIC KEY-----";
    private static final ECParameterSpec P256 = p256();

    private P256PublicKey() {}

    /** The canonical PEM of {@code pem}, or INVALID_PUBLIC_KEY naming {@code robotId}. */
    static String normalize(String robotId, String pem) {
        if (pem == null || pem.isBlank()) {
            throw Refusals.of(ErrorCode.INVALID_PUBLIC_KEY, "robot " + robotId + " has no publicKeyPem");
        }
        String trimmed = pem.strip();
        if (!trimmed.startsWith(BEGIN) || !trimmed.endsWith(END)) {
            throw Refusals.of(
                    ErrorCode.INVALID_PUBLIC_KEY,
                    "publicKeyPem of robot " + robotId + " is not a PEM public key (" + BEGIN + ")");
        }
        String body = trimmed.substring(BEGIN.length(), trimmed.length() - END.length())
                .replaceAll("\\s", "");
        PublicKey key;
        try {
            byte[] der = Base64.getDecoder().decode(body);
            key = KeyFactory.getInstance("EC").generatePublic(new X509EncodedKeySpec(der));
        } catch (IllegalArgumentException | GeneralSecurityException e) {
            throw Refusals.of(
                    ErrorCode.INVALID_PUBLIC_KEY,
                    "publicKeyPem of robot " + robotId + " is not an EC public key: " + e.getMessage());
        }
        if (!(key instanceof ECPublicKey ec) || !isP256(ec.getParams())) {
            throw Refusals.of(
                    ErrorCode.INVALID_PUBLIC_KEY,
                    "publicKeyPem of robot " + robotId + " is not on curve P-256 (secp256r1)");
        }
        return BEGIN + "\n" + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(key.getEncoded()) + "\n" + END
                + "\n";
    }

    private static boolean isP256(ECParameterSpec params) {
        return params.getCurve().equals(P256.getCurve())
                && params.getGenerator().equals(P256.getGenerator())
                && params.getOrder().equals(P256.getOrder())
                && params.getCofactor() == P256.getCofactor();
    }

    private static ECParameterSpec p256() {
        try {
            AlgorithmParameters parameters = AlgorithmParameters.getInstance("EC");
            parameters.init(new ECGenParameterSpec("secp256r1"));
            return parameters.getParameterSpec(ECParameterSpec.class);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK lacks secp256r1", e);
        }
    }
}
