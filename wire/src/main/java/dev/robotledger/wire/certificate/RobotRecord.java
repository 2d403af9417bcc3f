package dev.robotledger.wire.certificate;

import com.fasterxml.jackson.databind.JsonNode;
import dev.robotledger.wire.crypto.KeyFiles;
import dev.robotledger.wire.merkle.Digest;
import dev.robotledger.wire.message.WireFormatException.Reason;
import java.math.BigInteger;
import java.security.PublicKey;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECFieldFp;
import java.security.spec.ECPoint;
import java.security.spec.EllipticCurve;

/** A robot's ledger record ({@code GetRobot}'s answer, kept as JSON) with its parsed P-256 key. */
record RobotRecord(String id, PublicKey key, JsonNode json) {

    static RobotRecord read(JsonNode json, String path) {
        Fields.object(json, path);
        String id = Fields.text(json, "id", path);
        String pem = Fields.text(json, "publicKeyPem", path);
        try {
            PublicKey key = KeyFiles.parsePublicKeyPem(pem);
            requireOnCurve((ECPublicKey) key);
            return new RobotRecord(id, key, json);
        } catch (IllegalArgumentException e) {
            throw Fields.refusal(
                    Reason.WRONG_TYPE, path + ".publicKeyPem", "is not a P-256 public key PEM: " + e.getMessage());
        }
    }

    // The JDK's key factory takes any coordinates; a point off the curve fails only later, inside
    // the signature provider. Refuse it where the key is read, naming the field.
    private static void requireOnCurve(ECPublicKey key) {
        ECPoint point = key.getW();
        EllipticCurve curve = key.getParams().getCurve();
        BigInteger p = ((ECFieldFp) curve.getField()).getP();
        BigInteger x = point.getAffineX();
        BigInteger y = point.getAffineY();
        if (x.signum() < 0
                || x.compareTo(p) >= 0
                || y.signum() < 0
                || y.compareTo(p) >= 0
                || !y.multiply(y)
                        .subtract(x.pow(3).add(curve.getA().multiply(x)).add(curve.getB()))
                        .mod(p)
                        .equals(BigInteger.ZERO)) {
            throw new IllegalArgumentException("the point is not on curve P-256");
        }
    }

    /** A short name for the key: the first 16 hex digits of the SHA-256 of its SubjectPublicKeyInfo. */
    String fingerprint() {
        return Digest.sha256(key.getEncoded()).hex().substring(0, 16);
    }
}
