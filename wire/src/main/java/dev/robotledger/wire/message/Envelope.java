package dev.robotledger.wire.message;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.robotledger.wire.crypto.EcdsaP256;
import dev.robotledger.wire.message.WireFormatException.Reason;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.util.Arrays;
import java.util.Base64;
import java.util.Objects;
import java.util.Set;

/**
 * The signed message a robot publishes: one JSON object with {@code robotId}, {@code seq},
 * {@code timestamp}, {@code type}, {@code payload} and {@code signature} (base64 of a DER
 * ECDSA P-256 signature over {@link #canonicalBytes()}).
 *
 * <p>Every instance is well-formed: the constructor refuses bad ids, numbers that canonical JSON
 * cannot keep exact, and telemetry windows whose readings do not match their Merkle root. Whether
 * the signature is genuine is a separate question: {@link #verify(PublicKey)}.
 *
 * <pre>{@code
 * Envelope sent = Envelope.sign("r-7", 42, now, MessageType.QUALITY_CHECK, payload, privateKey);
 * byte[] wire = sent.toBytes();
 * Envelope received = Envelope.parse(wire, Envelope.DEFAULT_MAX_BYTES);
 * boolean genuine = received.verify(publicKey);
 * }</pre>
 *
 * <p>A value class rather than a record because it keeps the {@link TelemetryWindow} its
 * constructor checked: the gateway needs the window's readings and leaves right after parsing, and
 * building them again cost as much as the rest of parsing together (JFR at 80,000 readings/s).
 * Equality and hashing cover the six fields only.
 */
public final class Envelope {

    /** A size limit that fits a full window of {@link TelemetryWindow#MAX_READINGS} small readings. */
    public static final int DEFAULT_MAX_BYTES = 1024 * 1024;

    private static final Set<String> FIELDS = Set.of("robotId", "seq", "timestamp", "type", "payload", "signature");

    private final String robotId;
    private final long seq;
    private final long timestamp;
    private final MessageType type;
    private final JsonNode payload;
    private final String signature;
    private final TelemetryWindow window;

    /**
     * @param robotId   {@code [A-Za-z0-9._-]{1,64}}
     * @param seq       per-robot envelope number, strictly increasing, shared by all message types
     * @param timestamp epoch milliseconds at signing
     * @param type      what the payload is
     * @param payload   a JSON object; for telemetry windows see {@link TelemetryWindow}
     * @param signature base64 (RFC 4648, with padding) of the DER signature
     */
    public Envelope(String robotId, long seq, long timestamp, MessageType type, JsonNode payload, String signature) {
        Json.checkId("robotId", robotId, null);
        Json.checkSafeNonNegative("seq", seq, robotId);
        Json.checkSafeNonNegative("timestamp", timestamp, robotId);
        if (type == null) {
            throw new WireFormatException(Reason.MISSING_FIELD, robotId, "field 'type' is missing");
        }
        if (payload == null || !payload.isObject()) {
            throw new WireFormatException(Reason.WRONG_TYPE, robotId, "field 'payload' must be an object");
        }
        Json.checkValues("payload", payload, robotId);
        // Keep the payload as its wire form reads back (1.0 becomes 1, 2.5e1 becomes 25), so an
        // envelope equals the one parsed from its own bytes.
        JsonNode normalized = Json.asWireReadsBack(payload);
        TelemetryWindow sealed =
                type == MessageType.TELEMETRY_WINDOW ? TelemetryWindow.fromPayload(robotId, normalized) : null;
        if (signature == null || signature.isEmpty()) {
            throw new WireFormatException(Reason.MISSING_FIELD, robotId, "field 'signature' is missing");
        }
        if (!isCanonicalBase64(signature)) {
            throw new WireFormatException(Reason.BAD_SIGNATURE_ENCODING, robotId, "signature is not canonical base64");
        }
        this.robotId = robotId;
        this.seq = seq;
        this.timestamp = timestamp;
        this.type = type;
        this.payload = normalized;
        this.signature = signature;
        this.window = sealed;
    }

    /** Creates and signs an envelope. */
    public static Envelope sign(
            String robotId, long seq, long timestamp, MessageType type, JsonNode payload, PrivateKey key) {
        if (payload == null || !payload.isObject()) {
            throw new WireFormatException(Reason.WRONG_TYPE, robotId, "field 'payload' must be an object");
        }
        byte[] signed = signedBytes(robotId, seq, timestamp, type, payload);
        String signature = Base64.getEncoder().encodeToString(EcdsaP256.sign(key, signed));
        return new Envelope(robotId, seq, timestamp, type, payload, signature);
    }

    /** Signs a sealed window of readings as a {@link MessageType#TELEMETRY_WINDOW} envelope. */
    public static Envelope sign(long seq, long timestamp, TelemetryWindow window, PrivateKey key) {
        return sign(window.robotId(), seq, timestamp, MessageType.TELEMETRY_WINDOW, window.toPayload(), key);
    }

    /**
     * Parses wire bytes, refusing more than {@code maxBytes}, malformed or duplicate-keyed JSON,
     * unknown or missing fields and wrong types with a {@link WireFormatException}; then bytes
     * other than the envelope's own {@link #toBytes()} ({@link Reason#NOT_CANONICAL}).
     */
    public static Envelope parse(byte[] bytes, int maxBytes) {
        return read(bytes, maxBytes).envelope();
    }

    /**
     * Reads wire bytes as far as the signature needs: size, JSON syntax, the envelope's fields and
     * their types. The payload's own rules and the byte form are checked by {@link Unchecked#envelope()},
     * so a receiver can verify the signature first and spend the expensive checks only on messages
     * their robot signed.
     */
    public static Unchecked read(byte[] bytes, int maxBytes) {
        if (bytes.length > maxBytes) {
            throw new WireFormatException(
                    Reason.TOO_LARGE, null, bytes.length + " bytes exceed the limit of " + maxBytes);
        }
        JsonNode root = Json.parse(bytes);
        if (!root.isObject()) {
            throw new WireFormatException(Reason.WRONG_TYPE, null, "an envelope must be a JSON object");
        }
        String robotId = Json.checkId("robotId", Json.textField(root, "robotId", null), null);
        Json.onlyFields(root, FIELDS, "envelope", robotId);
        String typeName = Json.textField(root, "type", robotId);
        MessageType type;
        try {
            type = MessageType.valueOf(typeName);
        } catch (IllegalArgumentException e) {
            throw new WireFormatException(
                    Reason.UNKNOWN_MESSAGE_TYPE,
                    robotId,
                    "type " + Json.abbreviate(typeName) + " is not one of " + Set.of(MessageType.values()));
        }
        return new Unchecked(
                bytes,
                robotId,
                Json.longField(root, "seq", robotId),
                Json.longField(root, "timestamp", robotId),
                type,
                Json.objectField(root, "payload", robotId),
                Json.textField(root, "signature", robotId));
    }

    /** An envelope's fields as read, before the payload's rules and the byte form are checked. */
    public static final class Unchecked {

        private final byte[] bytes;
        private final String robotId;
        private final long seq;
        private final long timestamp;
        private final MessageType type;
        private final JsonNode payload;
        private final String signature;

        private Unchecked(
                byte[] bytes,
                String robotId,
                long seq,
                long timestamp,
                MessageType type,
                JsonNode payload,
                String signature) {
            this.bytes = bytes;
            this.robotId = robotId;
            this.seq = seq;
            this.timestamp = timestamp;
            this.type = type;
            this.payload = payload;
            this.signature = signature;
        }

        public String robotId() {
            return robotId;
        }

        public long seq() {
            return seq;
        }

        public MessageType type() {
            return type;
        }

        /** As {@link Envelope#id()} will be. */
        public String id() {
            return Envelope.id(robotId, seq);
        }

        /**
         * True when the signature is {@code key}'s over the fields as read ({@link WireFormatException}
         * when the signed fields hold values the wire format refuses). Canonical JSON of the
         * parsed fields is what a robot signs, so this answers as {@link Envelope#verify} would for
         * the checked envelope.
         */
        public boolean verify(PublicKey key) {
            byte[] der;
            try {
                der = Base64.getDecoder().decode(signature);
            } catch (IllegalArgumentException notBase64) {
                return false;
            }
            JsonNode signedPayload = signedPayload(type, payload);
            // Values canonical JSON cannot spell (e.g. 1e400) make the message malformed, not forged.
            Json.checkValues("payload", signedPayload, robotId);
            return EcdsaP256.verify(
                    key, Json.canonicalBytes(unsignedNode(robotId, seq, timestamp, type, signedPayload)), der);
        }

        /** The envelope, once the payload's rules and the one byte form hold ({@link WireFormatException} if not). */
        public Envelope envelope() {
            Envelope envelope = new Envelope(robotId, seq, timestamp, type, payload, signature);
            requireCanonical(bytes, envelope.toBytes(), robotId);
            return envelope;
        }
    }

    // One envelope, one byte form: otherwise a third party can re-spell a robot's message (-0, 1.0e0,
    // escapes, overlong UTF-8) and have it journaled first, and the robot's own bytes then differ
    // from what was journaled under its sequence number. Checked last, so structural faults keep
    // their own reasons.
    private static void requireCanonical(byte[] sent, byte[] canonical, String robotId) {
        int offset = Arrays.mismatch(sent, canonical);
        if (offset < 0) {
            return;
        }
        throw new WireFormatException(
                Reason.NOT_CANONICAL,
                robotId,
                "bytes differ from their RFC 8785 canonical form at byte offset " + offset + " (sent "
                        + byteAt(sent, offset) + ", canonical " + byteAt(canonical, offset) + ")");
    }

    private static String byteAt(byte[] bytes, int offset) {
        return offset < bytes.length ? String.format("0x%02X", bytes[offset] & 0xff) : "end of input";
    }

    public String robotId() {
        return robotId;
    }

    public long seq() {
        return seq;
    }

    public long timestamp() {
        return timestamp;
    }

    public MessageType type() {
        return type;
    }

    public JsonNode payload() {
        return payload.deepCopy();
    }

    public String signature() {
        return signature;
    }

    /**
     * The telemetry readings this envelope seals, as checked against its Merkle root when it was
     * made; only for {@link MessageType#TELEMETRY_WINDOW}.
     */
    public TelemetryWindow telemetryWindow() {
        if (window == null) {
            throw new IllegalStateException(
                    "envelope " + robotId + "/" + seq + " is a " + type + ", not a telemetry window");
        }
        return window;
    }

    /**
     * The bytes the signature covers: RFC 8785 canonical JSON of the envelope without
     * {@code signature}, and for telemetry windows without {@code payload.readings} (the readings
     * are bound by {@code payload.merkleRoot}).
     */
    public byte[] canonicalBytes() {
        return signedBytes(robotId, seq, timestamp, type, payload);
    }

    /** True when {@link #signature()} is {@code key}'s signature over {@link #canonicalBytes()}. */
    public boolean verify(PublicKey key) {
        return EcdsaP256.verify(key, canonicalBytes(), Base64.getDecoder().decode(signature));
    }

    /** The wire form: RFC 8785 canonical JSON of all fields, so a resend is byte-identical. */
    public byte[] toBytes() {
        ObjectNode node = unsignedNode(robotId, seq, timestamp, type, payload);
        node.put("signature", signature);
        return Json.canonicalBytes(node);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Envelope that
                && seq == that.seq
                && timestamp == that.timestamp
                && robotId.equals(that.robotId)
                && type == that.type
                && payload.equals(that.payload)
                && signature.equals(that.signature);
    }

    @Override
    public int hashCode() {
        return Objects.hash(robotId, seq, timestamp, type, payload, signature);
    }

    @Override
    public String toString() {
        return "Envelope[robotId=" + robotId + ", seq=" + seq + ", timestamp=" + timestamp + ", type=" + type
                + ", payload=" + payload + ", signature=" + signature + "]";
    }

    /** The envelope's identity for de-duplication: a robot never reuses a sequence number. */
    public String id() {
        return id(robotId, seq);
    }

    private static String id(String robotId, long seq) {
        return robotId + "/" + seq;
    }

    // Only one spelling per signature: otherwise unused padding bits give one message many byte forms.
    static boolean isCanonicalBase64(String text) {
        try {
            return Base64.getEncoder()
                    .encodeToString(Base64.getDecoder().decode(text))
                    .equals(text);
        } catch (IllegalArgumentException notBase64) {
            return false;
        }
    }

    static byte[] signedBytes(String robotId, long seq, long timestamp, MessageType type, JsonNode payload) {
        return Json.canonicalBytes(unsignedNode(robotId, seq, timestamp, type, signedPayload(type, payload)));
    }

    private static JsonNode signedPayload(MessageType type, JsonNode payload) {
        if (type != MessageType.TELEMETRY_WINDOW) {
            return payload;
        }
        ObjectNode header = Json.object();
        payload.properties().forEach(field -> {
            if (!TelemetryWindow.READINGS.equals(field.getKey())) {
                header.set(field.getKey(), field.getValue());
            }
        });
        return header;
    }

    private static ObjectNode unsignedNode(
            String robotId, long seq, long timestamp, MessageType type, JsonNode payload) {
        ObjectNode node = Json.object();
        node.put("robotId", robotId);
        node.put("seq", seq);
        node.put("timestamp", timestamp);
        node.put("type", type.name());
        node.set("payload", payload);
        return node;
    }
}
