package dev.robotledger.gateway.ingestion;

import dev.robotledger.gateway.robots.RegisteredRobot;
import dev.robotledger.gateway.robots.RobotDirectory;
import dev.robotledger.wire.message.Envelope;
import dev.robotledger.wire.message.MessageType;
import dev.robotledger.wire.message.Reading;
import dev.robotledger.wire.message.TelemetryWindow;
import dev.robotledger.wire.message.WireFormatException;
import dev.robotledger.wire.topic.Topic;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Checks one delivery on its own, cheapest check first: size, topic, the envelope's JSON and
 * fields, that the topic names the envelope's robot and kind, that the robot is registered and
 * active, the signature, then the payload's rules and the one byte form, and the timestamps
 * against the delivery's arrival time. Sequence numbers need the journal and are judged by
 * {@link SequenceCheck}.
 */
final class MessageVerifier {

    private final RobotDirectory robots;
    private final int maxPayloadBytes;
    private final Duration maxFutureSkew;
    private final Duration maxMessageAge;

    MessageVerifier(RobotDirectory robots, IngestionProperties properties) {
        this.robots = robots;
        this.maxPayloadBytes = properties.maxPayloadBytes();
        this.maxFutureSkew = properties.maxFutureSkew();
        this.maxMessageAge = properties.maxMessageAge();
    }

    Screening screen(Delivery delivery) {
        byte[] payload = delivery.payload();
        if (payload.length > maxPayloadBytes) {
            return refuse(
                    delivery,
                    RejectionReason.OVERSIZED,
                    payload.length + " bytes exceed the limit of " + maxPayloadBytes,
                    null,
                    null);
        }
        Topic topic;
        try {
            topic = Topic.parse(delivery.topic());
        } catch (WireFormatException e) {
            return refuse(delivery, RejectionReason.TOPIC_MISMATCH, e.detail(), null, null);
        }
        Envelope.Unchecked read;
        try {
            read = Envelope.read(payload, maxPayloadBytes);
        } catch (WireFormatException e) {
            return refuse(delivery, reasonFor(e), e.getMessage(), e.robotId().orElse(null), null);
        }
        String robotId = read.robotId();
        String id = read.id();
        if (!topic.matches(robotId, read.type())) {
            return refuse(
                    delivery,
                    RejectionReason.TOPIC_MISMATCH,
                    "envelope " + id + " of type " + read.type() + " arrived on topic " + topic,
                    robotId,
                    read.seq());
        }
        Optional<RegisteredRobot> robot = robots.find(robotId);
        if (robot.isEmpty()) {
            return refuse(
                    delivery,
                    RejectionReason.UNKNOWN_ROBOT,
                    "robot " + robotId + " is not registered",
                    robotId,
                    read.seq());
        }
        if (!robot.get().active()) {
            return refuse(
                    delivery, RejectionReason.REVOKED_ROBOT, "robot " + robotId + " is revoked", robotId, read.seq());
        }
        boolean genuine;
        try {
            genuine = read.verify(robot.get().publicKey());
        } catch (WireFormatException e) {
            return refuse(delivery, reasonFor(e), e.getMessage(), robotId, read.seq());
        } catch (IllegalArgumentException e) {
            // A signature that is base64 but not a usable DER ECDSA value cannot be genuine.
            genuine = false;
        }
        if (!genuine) {
            return refuse(
                    delivery,
                    RejectionReason.FORGED_SIGNATURE,
                    "the signature of envelope " + id + " does not verify under robot " + robotId + "'s registered key",
                    robotId,
                    read.seq());
        }
        // Only now the expensive checks (the readings, the byte form): a flood of forged windows
        // costs a JSON parse and a signature check each, not a full window's work.
        Envelope envelope;
        try {
            envelope = read.envelope();
        } catch (WireFormatException e) {
            return refuse(delivery, reasonFor(e), e.getMessage(), robotId, read.seq());
        }
        // After the signature: only an authentic message says something true about the robot's clock.
        Optional<TelemetryWindow> window = envelope.type() == MessageType.TELEMETRY_WINDOW
                ? Optional.of(envelope.telemetryWindow())
                : Optional.empty();
        List<Reading> readings = window.map(TelemetryWindow::readings).orElse(List.of());
        Optional<String> badTime = timestampFault(envelope, readings, delivery.receivedAt());
        if (badTime.isPresent()) {
            return refuse(delivery, RejectionReason.TIMESTAMP_OUT_OF_RANGE, badTime.get(), robotId, envelope.seq());
        }
        return new Screening.Passed(delivery, envelope);
    }

    // The envelope's timestamp is when the robot signed it, so its age is how long the message
    // travelled, backlog included. Readings only get the future bound: their times are the
    // sensor's and may precede the window by as long as the robot buffered them.
    private Optional<String> timestampFault(Envelope envelope, List<Reading> readings, Instant receivedAt) {
        Instant latest = receivedAt.plus(maxFutureSkew);
        Instant signedAt = Instant.ofEpochMilli(envelope.timestamp());
        if (signedAt.isAfter(latest)) {
            return Optional.of("envelope " + envelope.id() + " is timestamped " + signedAt + ", "
                    + Duration.between(receivedAt, signedAt) + " after it arrived at " + receivedAt
                    + " (gateway.ingestion.max-future-skew is " + maxFutureSkew + ")");
        }
        if (signedAt.isBefore(receivedAt.minus(maxMessageAge))) {
            return Optional.of("envelope " + envelope.id() + " is timestamped " + signedAt + ", "
                    + Duration.between(signedAt, receivedAt) + " before it arrived at " + receivedAt
                    + " (gateway.ingestion.max-message-age is " + maxMessageAge + ")");
        }
        for (Reading reading : readings) {
            Instant readAt = Instant.ofEpochMilli(reading.timestamp());
            if (readAt.isAfter(latest)) {
                return Optional.of("reading " + reading.readingSeq() + " of envelope " + envelope.id()
                        + " is timestamped " + readAt + ", " + Duration.between(receivedAt, readAt)
                        + " after it arrived at " + receivedAt + " (gateway.ingestion.max-future-skew is "
                        + maxFutureSkew + ")");
            }
        }
        return Optional.empty();
    }

    private static RejectionReason reasonFor(WireFormatException e) {
        return e.reason() == WireFormatException.Reason.NOT_CANONICAL
                ? RejectionReason.NOT_CANONICAL
                : RejectionReason.MALFORMED;
    }

    private static Screening refuse(
            Delivery delivery, RejectionReason reason, String detail, String robotId, Long seq) {
        return new Screening.Refused(delivery, reason, detail, robotId, seq);
    }
}
