package dev.robotledger.gateway.testing;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.robotledger.wire.crypto.EcdsaP256;
import dev.robotledger.wire.message.Envelope;
import dev.robotledger.wire.message.MessageType;
import dev.robotledger.wire.message.Reading;
import dev.robotledger.wire.message.TelemetryWindow;
import dev.robotledger.wire.message.WindowReference;
import dev.robotledger.wire.topic.Topic;
import java.security.KeyPair;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/** A robot for tests: a fresh P-256 key made at run time and its own sequence counters. */
public final class TestRobot {

    private final String robotId;
    // Near the present: the gateway refuses envelopes signed too long before they arrive.
    private final long epoch = System.currentTimeMillis();
    private final KeyPair keys;
    private long nextSeq = 1;
    private long nextReadingSeq = 1;
    private long lastEventSignedAt;

    public TestRobot(String robotId) {
        this.robotId = robotId;
        this.keys = EcdsaP256.generateKeyPair();
    }

    public String robotId() {
        return robotId;
    }

    public KeyPair keys() {
        return keys;
    }

    /** The public key as the registration API takes it: base64 of X.509 SubjectPublicKeyInfo. */
    public String publicKeyBase64() {
        return Base64.getEncoder().encodeToString(keys.getPublic().getEncoded());
    }

    /** The next envelope: a signed window of {@code readings} consecutive readings. */
    public Envelope window(int readings) {
        return window(readings, epoch + nextSeq, epoch + nextReadingSeq);
    }

    /**
     * The next window, signed at {@code signedAtMillis} with readings measured one millisecond
     * apart up to it: for runs long enough that the fixed clock above would drift into the future.
     */
    public Envelope windowSignedAt(int readings, long signedAtMillis) {
        return window(readings, signedAtMillis, signedAtMillis - readings + 1);
    }

    private Envelope window(int readings, long signedAtMillis, long firstReadingAtMillis) {
        List<Reading> batch = new ArrayList<>(readings);
        for (int i = 0; i < readings; i++) {
            batch.add(new Reading(
                    nextReadingSeq++, firstReadingAtMillis + i, Map.of("torque", 10.0 + i, "temp", 40.5), 0.25, 1_200));
        }
        return Envelope.sign(nextSeq++, signedAtMillis, TelemetryWindow.seal(robotId, batch), keys.getPrivate());
    }

    /** The next envelope: a signed production event. */
    public Envelope event(String componentId) {
        ObjectNode payload = JsonNodeFactory.instance.objectNode();
        payload.put("componentId", componentId);
        payload.put("station", "press-3");
        long seq = nextSeq++;
        return Envelope.sign(robotId, seq, epoch + seq, MessageType.COMPONENT_PRODUCED, payload, keys.getPrivate());
    }

    /**
     * The next envelope: a signed production event of {@code type} with this payload, signed now
     * (and after this robot's previous event). Not at {@code epoch + seq}: the chaincode refuses an
     * assembly whose part was produced after it, and another robot's epoch may be a few
     * milliseconds later than this one's.
     */
    public Envelope event(MessageType type, ObjectNode payload) {
        long seq = nextSeq++;
        lastEventSignedAt = Math.max(System.currentTimeMillis(), lastEventSignedAt + 1);
        return signed(Envelope.sign(robotId, seq, lastEventSignedAt, type, payload, keys.getPrivate()));
    }

    /**
     * The next envelope: a production that names {@code windowSeq} as its telemetry window
     * ({@code telemetryWindow}), signed at {@code signedAtMillis}. A robot-agent signs a production
     * at the time of the window it names: {@link #producedIn} does that.
     */
    public Envelope namingWindow(MessageType type, ObjectNode payload, long windowSeq, long signedAtMillis) {
        long seq = nextSeq++;
        lastEventSignedAt = Math.max(lastEventSignedAt, signedAtMillis);
        return signed(Envelope.sign(
                robotId,
                seq,
                signedAtMillis,
                type,
                new WindowReference(windowSeq).addTo(payload.deepCopy()),
                keys.getPrivate()));
    }

    /** The next envelope: a production naming {@code window} (this robot's), signed at the window's time. */
    public Envelope producedIn(Envelope window, MessageType type, ObjectNode payload) {
        if (!window.robotId().equals(robotId) || window.type() != MessageType.TELEMETRY_WINDOW) {
            throw new IllegalArgumentException(window.id() + " is not a telemetry window of " + robotId);
        }
        return namingWindow(type, payload, window.seq(), window.timestamp());
    }

    /** The next envelope: a window of {@code readings} readings signed now (after this robot's earlier events). */
    public Envelope windowNow(int readings) {
        return windowSignedAt(readings, Math.max(System.currentTimeMillis(), lastEventSignedAt + 1));
    }

    // Later checks and assemblies built by ProductionPayloads name this production.
    private static Envelope signed(Envelope envelope) {
        ProductionPayloads.signed(envelope);
        return envelope;
    }

    /** Skips sequence numbers, as a robot whose messages were lost would. */
    public void skip(int count) {
        nextSeq += count;
    }

    public String topicFor(Envelope envelope) {
        return Topic.of("plant-1", "line-a", robotId, envelope.type()).format();
    }
}
