package dev.robotledger.wire.message;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.robotledger.wire.crypto.EcdsaP256;
import dev.robotledger.wire.merkle.Digest;
import dev.robotledger.wire.merkle.InclusionProof;
import dev.robotledger.wire.merkle.MerkleTree;
import dev.robotledger.wire.message.WireFormatException.Reason;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Set;

/**
 * Attributes one reading to a robot's key without the rest of its window: the reading, its Merkle
 * path to the window root, and the window envelope's signed header and signature. Its size grows
 * with log2 of the window size.
 *
 * <pre>{@code
 * ReadingProof proof = ReadingProof.of(windowEnvelope, 17);
 * boolean attributed = proof.verify(robotPublicKey);
 * }</pre>
 *
 * @param robotId    the window envelope's robot id
 * @param seq        the window envelope's sequence number
 * @param timestamp  the window envelope's timestamp
 * @param merkleRoot the window's root, as signed
 * @param readingCount the window's reading count, as signed
 * @param firstReadingSeq the window's first reading number, as signed
 * @param signature  the window envelope's signature (base64 DER)
 * @param reading    the reading proven
 * @param inclusion  the reading's path to {@code merkleRoot}
 */
public record ReadingProof(
        String robotId,
        long seq,
        long timestamp,
        long firstReadingSeq,
        long readingCount,
        Digest merkleRoot,
        String signature,
        Reading reading,
        InclusionProof inclusion) {

    private static final Set<String> FIELDS = Set.of(
            "robotId",
            "seq",
            "timestamp",
            "firstReadingSeq",
            "readingCount",
            "merkleRoot",
            "signature",
            "reading",
            "leafIndex",
            "leafCount",
            "path");

    public ReadingProof {
        Json.checkId("robotId", robotId, null);
        if (merkleRoot == null || signature == null || reading == null || inclusion == null) {
            throw new WireFormatException(Reason.MISSING_FIELD, robotId, "a reading proof needs every field");
        }
        // The same bounds as the window envelope it stands for, so a value outside them is named
        // here instead of being canonicalized (and possibly rounded) into the signed header.
        Json.checkSafeNonNegative("seq", seq, robotId);
        Json.checkSafeNonNegative("timestamp", timestamp, robotId);
        Json.checkSafeNonNegative("firstReadingSeq", firstReadingSeq, robotId);
        if (readingCount < 1 || readingCount > TelemetryWindow.MAX_READINGS) {
            throw new WireFormatException(
                    Reason.OUT_OF_RANGE,
                    robotId,
                    "readingCount must be between 1 and " + TelemetryWindow.MAX_READINGS + ", got " + readingCount);
        }
        if (!Envelope.isCanonicalBase64(signature)) {
            throw new WireFormatException(Reason.BAD_SIGNATURE_ENCODING, robotId, "signature is not canonical base64");
        }
    }

    /** The proof for the reading at {@code index} (0-based) of a telemetry window envelope. */
    public static ReadingProof of(Envelope window, int index) {
        TelemetryWindow readings = window.telemetryWindow();
        return new ReadingProof(
                window.robotId(),
                window.seq(),
                window.timestamp(),
                readings.firstReadingSeq(),
                readings.readingCount(),
                readings.merkleRoot(),
                window.signature(),
                readings.readings().get(index),
                readings.inclusionProof(index));
    }

    /**
     * True when the reading sits at its own position under the signed root and {@code key}
     * signed that window header. Any altered field makes it false.
     */
    public boolean verify(PublicKey key) {
        boolean positionMatches = inclusion.leafCount() == readingCount
                && inclusion.leafIndex() == reading.readingSeq() - firstReadingSeq;
        if (!positionMatches || !inclusion.verify(reading.leafBytes(robotId), merkleRoot)) {
            return false;
        }
        return EcdsaP256.verify(key, signedWindowHeader(), Base64.getDecoder().decode(signature));
    }

    /**
     * The window's signed header: the canonical bytes of the window envelope without its readings
     * and signature, which the robot signed and the gateway's batch tree takes as a leaf.
     */
    public byte[] signedWindowHeader() {
        return Envelope.signedBytes(
                robotId,
                seq,
                timestamp,
                MessageType.TELEMETRY_WINDOW,
                TelemetryWindow.header(firstReadingSeq, readingCount, merkleRoot));
    }

    /** The leaf hash of the reading, as it appears in the window tree. */
    public Digest leafHash() {
        return MerkleTree.leafHash(reading.leafBytes(robotId));
    }

    public ObjectNode toJson() {
        ObjectNode node = Json.object();
        node.put("robotId", robotId);
        node.put("seq", seq);
        node.put("timestamp", timestamp);
        node.put("firstReadingSeq", firstReadingSeq);
        node.put("readingCount", readingCount);
        node.put("merkleRoot", merkleRoot.hex());
        node.put("signature", signature);
        node.set("reading", reading.toJson());
        node.put("leafIndex", inclusion.leafIndex());
        node.put("leafCount", inclusion.leafCount());
        ArrayNode path = node.putArray("path");
        inclusion.path().forEach(hash -> path.add(hash.hex()));
        return node;
    }

    public static ReadingProof fromJson(JsonNode node) {
        if (!node.isObject()) {
            throw new WireFormatException(Reason.WRONG_TYPE, null, "a reading proof must be a JSON object");
        }
        String robotId = Json.checkId("robotId", Json.textField(node, "robotId", null), null);
        Json.onlyFields(node, FIELDS, "reading proof", robotId);
        JsonNode pathNode = Json.arrayField(node, "path", robotId);
        List<Digest> path = new ArrayList<>(pathNode.size());
        for (int i = 0; i < pathNode.size(); i++) {
            ObjectNode holder = Json.object();
            holder.set("path[" + i + "]", pathNode.get(i));
            path.add(TelemetryWindow.digestField(holder, "path[" + i + "]", robotId));
        }
        InclusionProof inclusion;
        try {
            inclusion = new InclusionProof(
                    Json.longField(node, "leafIndex", robotId), Json.longField(node, "leafCount", robotId), path);
        } catch (WireFormatException e) {
            throw e;
        } catch (IllegalArgumentException e) {
            throw new WireFormatException(Reason.OUT_OF_RANGE, robotId, e.getMessage());
        }
        return new ReadingProof(
                robotId,
                Json.longField(node, "seq", robotId),
                Json.longField(node, "timestamp", robotId),
                Json.longField(node, "firstReadingSeq", robotId),
                Json.longField(node, "readingCount", robotId),
                TelemetryWindow.digestField(node, "merkleRoot", robotId),
                Json.textField(node, "signature", robotId),
                Reading.fromJson(Json.objectField(node, "reading", robotId), robotId),
                inclusion);
    }
}
