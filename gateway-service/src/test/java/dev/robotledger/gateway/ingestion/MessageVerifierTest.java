package dev.robotledger.gateway.ingestion;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.robotledger.gateway.robots.RegisteredRobot;
import dev.robotledger.gateway.robots.RobotDirectory;
import dev.robotledger.gateway.robots.RobotStatus;
import dev.robotledger.gateway.testing.TestRobot;
import dev.robotledger.wire.message.Envelope;
import dev.robotledger.wire.message.MessageType;
import dev.robotledger.wire.message.Reading;
import dev.robotledger.wire.message.TelemetryWindow;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class MessageVerifierTest {

    private static final int MAX_BYTES = 64 * 1024;

    private final TestRobot robot = new TestRobot("r-1");
    private final Map<String, RegisteredRobot> registered = new HashMap<>();
    private final RobotDirectory directory = robotId -> Optional.ofNullable(registered.get(robotId));
    private final MessageVerifier verifier = new MessageVerifier(
            directory, new IngestionProperties(MAX_BYTES, 500, Duration.ofMinutes(5), Duration.ofDays(30), 1_000_000));
    private final Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);

    private void register(TestRobot robot, RobotStatus status) {
        registered.put(
                robot.robotId(),
                new RegisteredRobot(robot.robotId(), robot.keys().getPublic(), status, Instant.EPOCH));
    }

    private Delivery delivery(String topic, byte[] payload) {
        return new Delivery(topic, payload, now, () -> {});
    }

    private Screening screen(Envelope envelope) {
        return verifier.screen(delivery(robot.topicFor(envelope), envelope.toBytes()));
    }

    private static RejectionReason reasonOf(Screening screening) {
        assertThat(screening).isInstanceOf(Screening.Refused.class);
        return ((Screening.Refused) screening).reason();
    }

    @Test
    void passesSignedWindowFromActiveRobotWithItsReadings() {
        register(robot, RobotStatus.ACTIVE);
        Envelope window = robot.window(5);

        Screening screening = screen(window);

        assertThat(screening).isInstanceOf(Screening.Passed.class);
        Screening.Passed passed = (Screening.Passed) screening;
        assertThat(passed.envelope().id()).isEqualTo("r-1/1");
        assertThat(passed.readingCount()).isEqualTo(5);
        assertThat(passed.envelope().telemetryWindow().readings())
                .isEqualTo(window.telemetryWindow().readings());
    }

    @Test
    void passesSignedProductionEventWithoutReadings() {
        register(robot, RobotStatus.ACTIVE);

        Screening screening = screen(robot.event("c-1"));

        assertThat(screening).isInstanceOf(Screening.Passed.class);
        assertThat(((Screening.Passed) screening).readingCount()).isZero();
    }

    @Test
    void rejectsOversizedPayloadBeforeParsing() {
        register(robot, RobotStatus.ACTIVE);
        byte[] huge = new byte[MAX_BYTES + 1];

        Screening screening = verifier.screen(delivery("factory/p/l/r-1/telemetry", huge));

        assertThat(reasonOf(screening)).isEqualTo(RejectionReason.OVERSIZED);
        assertThat(((Screening.Refused) screening).detail()).contains(Integer.toString(MAX_BYTES + 1));
    }

    @Test
    void rejectsMalformedJson() {
        register(robot, RobotStatus.ACTIVE);

        Screening screening = verifier.screen(
                delivery("factory/p/l/r-1/event", "{\"robotId\":\"r-1\",".getBytes(StandardCharsets.UTF_8)));

        assertThat(reasonOf(screening)).isEqualTo(RejectionReason.MALFORMED);
    }

    @Test
    void rejectsTopicNamingAnotherRobot() {
        register(robot, RobotStatus.ACTIVE);
        Envelope event = robot.event("c-1");

        Screening screening = verifier.screen(delivery("factory/plant-1/line-a/r-2/event", event.toBytes()));

        assertThat(reasonOf(screening)).isEqualTo(RejectionReason.TOPIC_MISMATCH);
        assertThat(((Screening.Refused) screening).detail()).contains("r-1/1", "r-2");
    }

    @Test
    void rejectsEventPublishedOnTelemetryTopic() {
        register(robot, RobotStatus.ACTIVE);
        Envelope event = robot.event("c-1");

        Screening screening = verifier.screen(delivery("factory/plant-1/line-a/r-1/telemetry", event.toBytes()));

        assertThat(reasonOf(screening)).isEqualTo(RejectionReason.TOPIC_MISMATCH);
    }

    @Test
    void rejectsTopicOutsideTheNamespace() {
        register(robot, RobotStatus.ACTIVE);

        Screening screening = verifier.screen(delivery(
                "factory/plant-1/line-a/r-1/event/extra", robot.event("c-1").toBytes()));

        assertThat(reasonOf(screening)).isEqualTo(RejectionReason.TOPIC_MISMATCH);
    }

    @Test
    void rejectsUnknownRobot() {
        Screening screening = screen(robot.event("c-1"));

        assertThat(reasonOf(screening)).isEqualTo(RejectionReason.UNKNOWN_ROBOT);
        assertThat(((Screening.Refused) screening).robotId()).isEqualTo("r-1");
    }

    @Test
    void rejectsRevokedRobot() {
        register(robot, RobotStatus.REVOKED);

        assertThat(reasonOf(screen(robot.event("c-1")))).isEqualTo(RejectionReason.REVOKED_ROBOT);
    }

    @Test
    void rejectsSignatureByAnotherKeyAsForged() {
        TestRobot impostor = new TestRobot("r-1");
        register(robot, RobotStatus.ACTIVE);

        Screening screening = verifier.screen(
                delivery(robot.topicFor(robot.event("x")), impostor.event("c-1").toBytes()));

        assertThat(reasonOf(screening)).isEqualTo(RejectionReason.FORGED_SIGNATURE);
        assertThat(((Screening.Refused) screening).seq()).isEqualTo(1L);
    }

    @Test
    void rejectsAlteredPayloadAsForged() {
        register(robot, RobotStatus.ACTIVE);
        Envelope event = robot.event("c-1");
        byte[] tampered = new String(event.toBytes(), StandardCharsets.UTF_8)
                .replace("press-3", "press-4")
                .getBytes(StandardCharsets.UTF_8);

        Screening screening = verifier.screen(delivery(robot.topicFor(event), tampered));

        assertThat(reasonOf(screening)).isEqualTo(RejectionReason.FORGED_SIGNATURE);
    }

    @Test
    void refusesAForgedWindowAsForgedBeforeLookingAtItsReadings() {
        TestRobot impostor = new TestRobot("r-1");
        register(robot, RobotStatus.ACTIVE);
        Envelope forged = impostor.window(3);
        // Broken readings would be MALFORMED, but a forgery is refused before they are read.
        String broken = new String(forged.toBytes(), StandardCharsets.UTF_8)
                .replaceFirst("\"readings\":\\[.*\\]", "\"readings\":{}");

        Screening screening =
                verifier.screen(delivery(robot.topicFor(forged), broken.getBytes(StandardCharsets.UTF_8)));

        assertThat(reasonOf(screening)).isEqualTo(RejectionReason.FORGED_SIGNATURE);
    }

    private Envelope eventSignedAt(Instant timestamp) {
        return Envelope.sign(
                "r-1",
                7,
                timestamp.toEpochMilli(),
                MessageType.QUALITY_CHECK,
                JsonNodeFactory.instance.objectNode().put("passed", true),
                robot.keys().getPrivate());
    }

    private static String detailOf(Screening screening) {
        return ((Screening.Refused) screening).detail();
    }

    @Test
    void refusesEnvelopeTimestampedFarInTheFuture() {
        register(robot, RobotStatus.ACTIVE);

        Screening screening = screen(eventSignedAt(now.plus(Duration.ofDays(1))));

        assertThat(reasonOf(screening)).isEqualTo(RejectionReason.TIMESTAMP_OUT_OF_RANGE);
        assertThat(detailOf(screening)).contains("r-1/7", "PT24H after", "max-future-skew");
        assertThat(((Screening.Refused) screening).robotId()).isEqualTo("r-1");
    }

    @Test
    void acceptsAClockRunningFastWithinTheAllowedSkew() {
        register(robot, RobotStatus.ACTIVE);

        assertThat(screen(eventSignedAt(now.plus(Duration.ofMinutes(4))))).isInstanceOf(Screening.Passed.class);
    }

    @Test
    void refusesEnvelopeSignedLongerAgoThanTheMaximumAge() {
        register(robot, RobotStatus.ACTIVE);

        Screening screening = screen(eventSignedAt(now.minus(Duration.ofDays(31))));

        assertThat(reasonOf(screening)).isEqualTo(RejectionReason.TIMESTAMP_OUT_OF_RANGE);
        assertThat(detailOf(screening)).contains("r-1/7", "PT744H before", "max-message-age");
    }

    @Test
    void refusesEnvelopeFromAClockThatWasResetToTheEpoch() {
        register(robot, RobotStatus.ACTIVE);

        assertThat(reasonOf(screen(eventSignedAt(Instant.ofEpochMilli(0)))))
                .isEqualTo(RejectionReason.TIMESTAMP_OUT_OF_RANGE);
    }

    @Test
    void acceptsTheBacklogOfARobotThatWasOfflineForDays() {
        register(robot, RobotStatus.ACTIVE);

        assertThat(screen(eventSignedAt(now.minus(Duration.ofDays(29))))).isInstanceOf(Screening.Passed.class);
    }

    @Test
    void refusesWindowHoldingAReadingTimestampedInTheFuture() {
        register(robot, RobotStatus.ACTIVE);
        long signedAt = now.toEpochMilli();
        List<Reading> readings = List.of(
                new Reading(1, signedAt - 10, Map.of("temp", 40.0), 0.1, 100),
                new Reading(2, signedAt + Duration.ofHours(2).toMillis(), Map.of("temp", 41.0), 0.1, 100));
        Envelope window = Envelope.sign(
                3, signedAt, TelemetryWindow.seal("r-1", readings), robot.keys().getPrivate());

        Screening screening = screen(window);

        assertThat(reasonOf(screening)).isEqualTo(RejectionReason.TIMESTAMP_OUT_OF_RANGE);
        assertThat(detailOf(screening)).contains("reading 2 of envelope r-1/3", "max-future-skew");
    }

    @ParameterizedTest
    @ValueSource(strings = {"\u0000", "\n", "\u001b[31m", "\u007f", "\u0085", "\u202e"})
    void refusesControlAndFormatCharactersInTheRobotIdAsMalformed(String control) {
        register(robot, RobotStatus.ACTIVE);
        String escaped =
                control.chars().mapToObj(c -> String.format("\\u%04x", c)).reduce("", String::concat);
        byte[] wire = new String(robot.event("c-1").toBytes(), StandardCharsets.UTF_8)
                .replace("\"robotId\":\"r-1\"", "\"robotId\":\"r-" + escaped + "1\"")
                .getBytes(StandardCharsets.UTF_8);

        Screening screening = verifier.screen(delivery("factory/plant-1/line-a/r-1/event", wire));

        assertThat(reasonOf(screening)).isEqualTo(RejectionReason.MALFORMED);
        assertThat(detailOf(screening)).contains("robotId must match");
        assertThat(((Screening.Refused) screening).robotId()).isNull();
    }

    // Paho and Mosquitto refuse control characters in topics; the gateway does not rely on it.
    @Test
    void refusesControlCharactersInTheTopicsRobotLevel() {
        register(robot, RobotStatus.ACTIVE);

        Screening screening = verifier.screen(delivery(
                "factory/plant-1/line-a/r-\u00011/event", robot.event("c-1").toBytes()));

        assertThat(reasonOf(screening)).isEqualTo(RejectionReason.TOPIC_MISMATCH);
    }

    @Test
    void refusesInvalidUtf8InTheRobotIdAsMalformed() {
        register(robot, RobotStatus.ACTIVE);
        String good = new String(robot.event("c-1").toBytes(), StandardCharsets.UTF_8);
        int at = good.indexOf("\"r-1\"") + 2;
        ByteArrayOutputStream wire = new ByteArrayOutputStream();
        wire.writeBytes(good.substring(0, at).getBytes(StandardCharsets.UTF_8));
        // A lone continuation byte, then a truncated two-byte sequence: neither is UTF-8.
        wire.writeBytes(new byte[] {(byte) 0x80, (byte) 0xC3});
        wire.writeBytes(good.substring(at).getBytes(StandardCharsets.UTF_8));

        Screening screening = verifier.screen(delivery("factory/plant-1/line-a/r-1/event", wire.toByteArray()));

        assertThat(reasonOf(screening)).isEqualTo(RejectionReason.MALFORMED);
        assertThat(detailOf(screening)).containsIgnoringCase("UTF-8");
    }

    // Each case: a regular expression over the good envelope's JSON | its replacement | what the detail names.
    @ParameterizedTest
    @ValueSource(
            strings = {
                "\"seq\":7|\"seq\":\"7\"|field 'seq'",
                "\"seq\":7|\"seq\":7.5|field 'seq'",
                "\"seq\":7|\"seq\":true|field 'seq'",
                "\"timestamp\":[0-9]+|\"timestamp\":\"yesterday\"|field 'timestamp'",
                "\"robotId\":\"r-1\"|\"robotId\":17|robotId",
                "\"type\":\"QUALITY_CHECK\"|\"type\":[\"QUALITY_CHECK\"]|field 'type'",
                "\"payload\":\\{\"passed\":true\\}|\"payload\":[true]|field 'payload'",
                "\"payload\":\\{\"passed\":true\\}|\"payload\":null|field 'payload'",
                "\"signature\":\"[^\"]*\"|\"signature\":42|field 'signature'"
            })
    void refusesValidJsonWithWrongTypesNamingTheField(String edit) {
        register(robot, RobotStatus.ACTIVE);
        String[] parts = edit.split("\\|");
        String good = new String(eventSignedAt(now).toBytes(), StandardCharsets.UTF_8);
        assertThat(good).containsPattern(parts[0]);

        Screening screening = verifier.screen(delivery(
                "factory/plant-1/line-a/r-1/event",
                good.replaceFirst(parts[0], parts[1]).getBytes(StandardCharsets.UTF_8)));

        assertThat(reasonOf(screening)).isEqualTo(RejectionReason.MALFORMED);
        assertThat(detailOf(screening)).contains(parts[2]);
    }

    @ParameterizedTest
    @ValueSource(strings = {"robotId", "seq", "timestamp", "type", "payload", "signature"})
    void refusesAnEnvelopeWithAFieldMissingNamingIt(String field) {
        register(robot, RobotStatus.ACTIVE);
        String good = new String(eventSignedAt(now).toBytes(), StandardCharsets.UTF_8);
        String without = good.replaceFirst("\"" + field + "\":(\\{[^}]*\\}|\"[^\"]*\"|[0-9]+),?", "")
                .replace(",}", "}");
        assertThat(without).doesNotContain("\"" + field + "\"");

        Screening screening =
                verifier.screen(delivery("factory/plant-1/line-a/r-1/event", without.getBytes(StandardCharsets.UTF_8)));

        assertThat(reasonOf(screening)).isEqualTo(RejectionReason.MALFORMED);
        assertThat(detailOf(screening)).contains(field);
    }

    @Test
    void refusesAReSpelledGenuineEnvelopeAsNotCanonicalNamingTheFirstDifferingByte() {
        register(robot, RobotStatus.ACTIVE);
        Envelope event = robot.event("c-1");
        String wire = new String(event.toBytes(), StandardCharsets.UTF_8);
        String respelled = wire.replace("\"seq\":1,", "\"seq\": 1,");
        assertThat(respelled).isNotEqualTo(wire);

        Screening screening =
                verifier.screen(delivery(robot.topicFor(event), respelled.getBytes(StandardCharsets.UTF_8)));

        assertThat(reasonOf(screening)).isEqualTo(RejectionReason.NOT_CANONICAL);
        assertThat(detailOf(screening))
                .contains("byte offset " + (wire.indexOf("\"seq\":1,") + "\"seq\":".length()) + " ");
        assertThat(((Screening.Refused) screening).robotId()).isEqualTo("r-1");
    }

    @Test
    void refusesATelemetryWindowWhoseReadingsAreNotAnArray() {
        register(robot, RobotStatus.ACTIVE);
        Envelope window = robot.window(2);
        String wire = new String(window.toBytes(), StandardCharsets.UTF_8);
        String broken = wire.replaceFirst("\"readings\":\\[.*\\]", "\"readings\":{}");
        assertThat(broken).isNotEqualTo(wire);

        Screening screening =
                verifier.screen(delivery(robot.topicFor(window), broken.getBytes(StandardCharsets.UTF_8)));

        assertThat(reasonOf(screening)).isEqualTo(RejectionReason.MALFORMED);
        assertThat(detailOf(screening)).contains("readings");
    }
}
