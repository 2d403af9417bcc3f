package dev.robotledger.gateway.ingestion;

import dev.robotledger.gateway.robots.RegisteredRobot;
import dev.robotledger.gateway.robots.RobotDirectory;
import dev.robotledger.wire.message.Envelope;
import dev.robotledger.wire.message.MessageType;
import dev.robotledger.wire.message.WireFormatException;
import dev.robotledger.wire.topic.Topic;
import java.util.List;
import java.util.Optional;

/**
 * Checks one delivery on its own, cheapest check first: size, topic, envelope syntax, that the
 * topic names the envelope's robot and kind, that the robot is registered and active, and the
 * signature. Sequence numbers need the journal and are judged by {@link SequenceCheck}.
 */
final class MessageVerifier {

    private final RobotDirectory robots;
    private final int maxPayloadBytes;

    MessageVerifier(RobotDirectory robots, int maxPayloadBytes) {
        this.robots = robots;
        this.maxPayloadBytes = maxPayloadBytes;
    }

    Screening screen(Delivery delivery) {
        byte[] payload = delivery.payload();
        if (payload.length > maxPayloadBytes) {
            return refuse(delivery, RejectionReason.OVERSIZED,
                    payload.length + " bytes exceed the limit of " + maxPayloadBytes, null, null);
        }
        Topic topic;
        try {
            topic = Topic.parse(delivery.topic());
        } catch (WireFormatException e) {
            return refuse(delivery, RejectionReason.TOPIC_MISMATCH, e.detail(), null, null);
        }
        Envelope envelope;
        try {
            envelope = Envelope.parse(payload, maxPayloadBytes);
        } catch (WireFormatException e) {
            return refuse(delivery, RejectionReason.MALFORMED, e.getMessage(), e.robotId().orElse(null), null);
        }
        String robotId = envelope.robotId();
        if (!topic.matches(envelope)) {
            return refuse(delivery, RejectionReason.TOPIC_MISMATCH, "envelope " + envelope.id() + " of type "
                    + envelope.type() + " arrived on topic " + topic, robotId, envelope.seq());
        }
        Optional<RegisteredRobot> robot = robots.find(robotId);
        if (robot.isEmpty()) {
            return refuse(delivery, RejectionReason.UNKNOWN_ROBOT,
                    "robot " + robotId + " is not registered", robotId, envelope.seq());
        }
        if (!robot.get().active()) {
            return refuse(delivery, RejectionReason.REVOKED_ROBOT,
                    "robot " + robotId + " is revoked", robotId, envelope.seq());
        }
        boolean genuine;
        try {
            genuine = envelope.verify(robot.get().publicKey());
        } catch (IllegalArgumentException e) {
            // A signature that is base64 but not a usable DER ECDSA value cannot be genuine.
            genuine = false;
        }
        if (!genuine) {
            return refuse(delivery, RejectionReason.FORGED_SIGNATURE, "the signature of envelope " + envelope.id()
                    + " does not verify under robot " + robotId + "'s registered key", robotId, envelope.seq());
        }
        return new Screening.Passed(delivery, envelope, readingLeaves(envelope));
    }

    private static List<byte[]> readingLeaves(Envelope envelope) {
        if (envelope.type() != MessageType.TELEMETRY_WINDOW) {
            return List.of();
        }
        return envelope.telemetryWindow().readingLeafBytes();
    }

    private static Screening refuse(Delivery delivery, RejectionReason reason, String detail, String robotId, Long seq) {
        return new Screening.Refused(delivery, reason, detail, robotId, seq);
    }
}
