package dev.robotledger.wire.certificate;

import com.fasterxml.jackson.databind.JsonNode;
import dev.robotledger.wire.crypto.KeyFiles;
import dev.robotledger.wire.merkle.Digest;
import dev.robotledger.wire.message.WireFormatException.Reason;
import java.security.PublicKey;

/** A robot's ledger record ({@code GetRobot}'s answer, kept as JSON) with its parsed P-256 key. */
record RobotRecord(String id, PublicKey key, JsonNode json) {

    static RobotRecord read(JsonNode json, String path) {
        Fields.object(json, path);
        String id = Fields.text(json, "id", path);
        String pem = Fields.text(json, "publicKeyPem", path);
        try {
            return new RobotRecord(id, KeyFiles.parsePublicKeyPem(pem), json);
        } catch (IllegalArgumentException e) {
            throw Fields.refusal(Reason.WRONG_TYPE, path + ".publicKeyPem", "is not a P-256 public key PEM: "
                    + e.getMessage());
        }
    }

    /** A short name for the key: the first 16 hex digits of the SHA-256 of its SubjectPublicKeyInfo. */
    String fingerprint() {
        return Digest.sha256(key.getEncoded()).hex().substring(0, 16);
    }
}
