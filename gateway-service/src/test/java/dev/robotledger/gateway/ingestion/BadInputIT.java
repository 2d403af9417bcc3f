package dev.robotledger.gateway.ingestion;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.robotledger.gateway.testing.Await;
import dev.robotledger.gateway.testing.InProcessGateway;
import dev.robotledger.gateway.testing.JournalAndBroker;
import dev.robotledger.gateway.testing.Publisher;
import dev.robotledger.gateway.testing.TestRobot;
import dev.robotledger.wire.message.Envelope;
import dev.robotledger.wire.message.MessageType;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The bad inputs of issue 8 that the wire and verifier unit tests check in isolation, sent through
 * a real Mosquitto to the gateway and a real PostgreSQL: each is dead-lettered with its reason and
 * a detail naming what was wrong, while a well-behaved robot's traffic keeps being journaled.
 */
class BadInputIT {

    @RegisterExtension
    static final JournalAndBroker INFRA = new JournalAndBroker();

    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final String EVENT_TOPIC = "factory/plant-1/line-a/%s/event";

    private static Envelope signedEvent(TestRobot robot, long seq, Instant timestamp) {
        return Envelope.sign(
                robot.robotId(),
                seq,
                timestamp.toEpochMilli(),
                MessageType.QUALITY_CHECK,
                JsonNodeFactory.instance.objectNode().put("passed", true).put("note", "seq " + seq),
                robot.keys().getPrivate());
    }

    private static String json(Envelope envelope) {
        return new String(envelope.toBytes(), StandardCharsets.UTF_8);
    }

    private static void awaitJournaled(String what, String robotId, long seq) {
        Await.until(
                what,
                TIMEOUT,
                () -> INFRA.db()
                                .jdbc()
                                .queryForObject(
                                        "SELECT count(*) FROM envelopes WHERE robot_id = ? AND seq = ?",
                                        Long.class,
                                        robotId,
                                        seq)
                        == 1);
    }

    private static List<Long> journaledSeqs(String robotId) {
        return INFRA.db()
                .jdbc()
                .queryForList("SELECT seq FROM envelopes WHERE robot_id = ? ORDER BY seq", Long.class, robotId);
    }

    private static List<String> deadLetters(String robotOrTopicPart) {
        return INFRA.db().jdbc().queryForList("""
                SELECT reason, robot_id, seq, detail FROM dead_letters
                WHERE robot_id = ? OR topic LIKE ? ORDER BY dead_letter_id""", robotOrTopicPart, "%/" + robotOrTopicPart + "/%").stream()
                .map(row ->
                        row.get("reason") + " " + row.get("robot_id") + "/" + row.get("seq") + " " + row.get("detail"))
                .toList();
    }

    @Test
    void refusesTimestampsFarInTheFutureOrPastButAcceptsADaysOldBacklog() {
        TestRobot robot = new TestRobot("clock-1");
        String clientId = "gateway-" + UUID.randomUUID();
        try (InProcessGateway gateway =
                        InProcessGateway.start(INFRA.postgres(), INFRA.broker().uri(), clientId);
                Publisher publisher = new Publisher(INFRA.broker().uri(), "robots-" + clientId)) {
            gateway.register(robot);
            Instant now = Instant.now();
            Envelope backlog = signedEvent(robot, 1, now.minus(Duration.ofDays(2)));
            Envelope future = signedEvent(robot, 2, now.plus(Duration.ofHours(6)));
            Envelope stale = signedEvent(robot, 3, now.minus(Duration.ofDays(400)));
            Envelope present = signedEvent(robot, 4, now);
            for (Envelope envelope : List.of(backlog, future, stale, present)) {
                publisher.publish(robot.topicFor(envelope), envelope.toBytes());
            }

            awaitJournaled("the present envelope journaled", "clock-1", 4);
            Await.until(
                    "two dead letters",
                    TIMEOUT,
                    () -> deadLetters("clock-1").size() == 2,
                    () -> deadLetters("clock-1"));
            assertThat(journaledSeqs("clock-1")).containsExactly(1L, 4L);
            assertThat(deadLetters("clock-1"))
                    .satisfiesExactly(
                            ahead -> assertThat(ahead)
                                    .startsWith("TIMESTAMP_OUT_OF_RANGE clock-1/2 envelope clock-1/2")
                                    .contains("after it arrived", "max-future-skew"),
                            behind -> assertThat(behind)
                                    .startsWith("TIMESTAMP_OUT_OF_RANGE clock-1/3 envelope clock-1/3")
                                    .contains("before it arrived", "max-message-age"));
            // Refused numbers are not journaled, so the journal sees them as missing.
            assertThat(INFRA.db()
                            .jdbc()
                            .queryForList(
                                    "SELECT first_missing, last_missing FROM sequence_gaps WHERE robot_id = 'clock-1'"))
                    .containsExactly(Map.of("first_missing", 2L, "last_missing", 3L));
        }
    }

    @Test
    void journalsTheLateNumbersOfAnOutOfOrderBurstAndClosesTheGap() {
        TestRobot robot = new TestRobot("burst-1");
        String clientId = "gateway-" + UUID.randomUUID();
        try (InProcessGateway gateway =
                        InProcessGateway.start(INFRA.postgres(), INFRA.broker().uri(), clientId);
                Publisher publisher = new Publisher(INFRA.broker().uri(), "robots-" + clientId)) {
            gateway.register(robot);
            Instant now = Instant.now();
            publisher.publish(
                    robot.topicFor(signedEvent(robot, 1, now)),
                    signedEvent(robot, 1, now).toBytes());
            Await.until(
                    "the first envelope journaled",
                    TIMEOUT,
                    () -> INFRA.db().count("SELECT count(*) FROM envelopes WHERE robot_id = 'burst-1'") == 1);
            for (long seq : new long[] {5, 3, 4, 2, 6}) {
                Envelope envelope = signedEvent(robot, seq, now);
                publisher.publish(robot.topicFor(envelope), envelope.toBytes());
            }

            Await.until(
                    "every envelope journaled",
                    TIMEOUT,
                    () -> journaledSeqs("burst-1").size() == 6,
                    () -> journaledSeqs("burst-1"));
            assertThat(journaledSeqs("burst-1")).containsExactly(1L, 2L, 3L, 4L, 5L, 6L);
            assertThat(deadLetters("burst-1")).isEmpty();
            // 5 opened the gap 2..4; 3, 4 and 2 each came late into it and closed it.
            assertThat(INFRA.db().count("SELECT count(*) FROM sequence_gaps WHERE robot_id = 'burst-1'"))
                    .isZero();
            assertThat(gateway.counter("gateway.sequence.gaps.filled")).isEqualTo(3);
            assertThat(gateway.counter("gateway.messages.rejected", "reason", "OUT_OF_ORDER"))
                    .isZero();
        }
    }

    // One message numbered 2^53-1 would otherwise make every later message of the robot OUT_OF_ORDER.
    @Test
    void refusesASequenceNumberFarAheadAndLeavesTheRobotsSequenceAsItWas() {
        TestRobot robot = new TestRobot("jumper-1");
        String clientId = "gateway-" + UUID.randomUUID();
        try (InProcessGateway gateway =
                        InProcessGateway.start(INFRA.postgres(), INFRA.broker().uri(), clientId);
                Publisher publisher = new Publisher(INFRA.broker().uri(), "robots-" + clientId)) {
            gateway.register(robot);
            Instant now = Instant.now();
            for (long seq : new long[] {1, (1L << 53) - 1, 2}) {
                Envelope envelope = signedEvent(robot, seq, now);
                publisher.publish(robot.topicFor(envelope), envelope.toBytes());
            }

            awaitJournaled("envelope 2 journaled", "jumper-1", 2);
            Await.until(
                    "one dead letter",
                    TIMEOUT,
                    () -> deadLetters("jumper-1").size() == 1,
                    () -> deadLetters("jumper-1"));
            assertThat(journaledSeqs("jumper-1")).containsExactly(1L, 2L);
            assertThat(deadLetters("jumper-1"))
                    .singleElement()
                    .asString()
                    .startsWith("SEQUENCE_JUMP jumper-1/" + ((1L << 53) - 1))
                    .contains("max-sequence-jump", "the robot's sequence is unchanged");
            assertThat(INFRA.db().count("SELECT count(*) FROM sequence_gaps WHERE robot_id = 'jumper-1'"))
                    .isZero();
        }
    }

    @Test
    void deadLettersMalformedIdsWrongTypesAndMissingFieldsWhileValidTrafficContinues() {
        TestRobot good = new TestRobot("steady-1");
        String clientId = "gateway-" + UUID.randomUUID();
        try (InProcessGateway gateway =
                        InProcessGateway.start(INFRA.postgres(), INFRA.broker().uri(), clientId);
                Publisher publisher = new Publisher(INFRA.broker().uri(), "robots-" + clientId)) {
            gateway.register(good);
            String template = json(signedEvent(good, 1, Instant.now()));
            String topic = EVENT_TOPIC.formatted("steady-1");
            Map<String, byte[]> bad = new LinkedHashMap<>();
            // JSON escapes that decode to control characters inside the id, NUL included.
            bad.put(
                    "nul in id",
                    template.replace("\"steady-1\"", "\"steady\\u0000-1\"").getBytes(StandardCharsets.UTF_8));
            bad.put(
                    "newline in id",
                    template.replace("\"steady-1\"", "\"steady\\n-1\"").getBytes(StandardCharsets.UTF_8));
            bad.put(
                    "escape sequence in id",
                    template.replace("\"steady-1\"", "\"\\u001b[2Jsteady-1\"").getBytes(StandardCharsets.UTF_8));
            bad.put(
                    "right-to-left override in id",
                    template.replace("\"steady-1\"", "\"steady-\u202e1\"").getBytes(StandardCharsets.UTF_8));
            bad.put("invalid UTF-8 in id", invalidUtf8InId(template));
            bad.put(
                    "seq as a string",
                    template.replace("\"seq\":1,", "\"seq\":\"1\",").getBytes(StandardCharsets.UTF_8));
            bad.put(
                    "timestamp as a float",
                    template.replaceFirst("\"timestamp\":([0-9]+)", "\"timestamp\":$1.5")
                            .getBytes(StandardCharsets.UTF_8));
            bad.put(
                    "payload as an array",
                    template.replaceFirst("\"payload\":\\{[^}]*\\}", "\"payload\":[1]")
                            .getBytes(StandardCharsets.UTF_8));
            bad.put(
                    "missing signature",
                    template.replaceFirst(",\"signature\":\"[^\"]*\"", "").getBytes(StandardCharsets.UTF_8));
            bad.put("missing seq", template.replace("\"seq\":1,", "").getBytes(StandardCharsets.UTF_8));
            Map<String, String> expectedDetail = Map.of(
                    "nul in id",
                    "robotId must match",
                    "newline in id",
                    "robotId must match",
                    "escape sequence in id",
                    "robotId must match",
                    "right-to-left override in id",
                    "robotId must match",
                    "invalid UTF-8 in id",
                    "UTF-8",
                    "seq as a string",
                    "field 'seq'",
                    "timestamp as a float",
                    "field 'timestamp'",
                    "payload as an array",
                    "field 'payload'",
                    "missing signature",
                    "signature",
                    "missing seq",
                    "seq");

            for (byte[] payload : bad.values()) {
                publisher.publish(topic, payload);
                publisher.publish(good, good.window(5));
            }

            Await.until(
                    "every valid window journaled",
                    TIMEOUT,
                    () -> INFRA.db().count("SELECT count(*) FROM envelopes WHERE robot_id = 'steady-1'") == bad.size(),
                    () -> INFRA.db().count("SELECT count(*) FROM envelopes WHERE robot_id = 'steady-1'"));
            Await.until(
                    "every bad input dead-lettered",
                    TIMEOUT,
                    () -> INFRA.db().count("SELECT count(*) FROM dead_letters WHERE topic LIKE '%steady%'")
                            == bad.size(),
                    () -> INFRA.db()
                            .jdbc()
                            .queryForList("SELECT reason, detail FROM dead_letters WHERE topic LIKE '%steady%'"));

            List<Map<String, Object>> letters = INFRA.db().jdbc().queryForList("""
                    SELECT reason, detail, topic FROM dead_letters WHERE topic LIKE '%steady%' ORDER BY dead_letter_id""");
            List<String> cases = List.copyOf(bad.keySet());
            for (int i = 0; i < cases.size(); i++) {
                assertThat(letters.get(i)).as(cases.get(i)).containsEntry("reason", "MALFORMED");
                assertThat((String) letters.get(i).get("detail"))
                        .as(cases.get(i))
                        .contains(expectedDetail.get(cases.get(i)));
            }
            assertThat(INFRA.db()
                            .count("SELECT coalesce(sum(reading_count), 0) FROM envelopes WHERE robot_id = 'steady-1'"))
                    .isEqualTo(5L * bad.size());
            assertThat(INFRA.db().count("SELECT count(*) FROM dead_letters WHERE reason = 'JOURNAL_REFUSED'"))
                    .isZero();
            assertThat(gateway.counter("gateway.messages.rejected", "reason", "MALFORMED"))
                    .isEqualTo(bad.size());
        }
    }

    // Someone on the path re-spells a robot's signed message (the signature still verifies) and
    // gets it in first: were it journaled, the robot's own bytes would be refused as a replay.
    @Test
    void refusesReSpelledCopiesOfAGenuineMessageAndJournalsTheRobotsOwnBytes() {
        TestRobot robot = new TestRobot("respelled-1");
        String clientId = "gateway-" + UUID.randomUUID();
        try (InProcessGateway gateway =
                        InProcessGateway.start(INFRA.postgres(), INFRA.broker().uri(), clientId);
                Publisher publisher = new Publisher(INFRA.broker().uri(), "robots-" + clientId)) {
            gateway.register(robot);
            Envelope genuine = Envelope.sign(
                    robot.robotId(),
                    1,
                    Instant.now().toEpochMilli(),
                    MessageType.QUALITY_CHECK,
                    JsonNodeFactory.instance
                            .objectNode()
                            .put("count", 0)
                            .put("note", "a/b")
                            .put("score", 1),
                    robot.keys().getPrivate());
            String wire = json(genuine);
            List<byte[]> respellings = List.of(
                    wire.replace("\"count\":0", "\"count\":-0").getBytes(StandardCharsets.UTF_8),
                    wire.replace("\"score\":1", "\"score\":1.0e0").getBytes(StandardCharsets.UTF_8),
                    overlongSlash(wire));
            for (byte[] respelled : respellings) {
                publisher.publish(robot.topicFor(genuine), respelled);
            }
            publisher.publish(robot.topicFor(genuine), genuine.toBytes());

            Await.until(
                    "the genuine envelope journaled",
                    TIMEOUT,
                    () -> INFRA.db().count("SELECT count(*) FROM envelopes WHERE robot_id = 'respelled-1'") == 1);
            Await.until(
                    "three dead letters",
                    TIMEOUT,
                    () -> deadLetters("respelled-1").size() == 3,
                    () -> deadLetters("respelled-1"));
            assertThat(INFRA.db()
                            .jdbc()
                            .queryForObject("SELECT body FROM envelopes WHERE robot_id = 'respelled-1'", byte[].class))
                    .isEqualTo(genuine.toBytes());
            assertThat(deadLetters("respelled-1"))
                    .allSatisfy(letter -> assertThat(letter)
                            // The signature is checked before the byte form, so the dead letter names the number.
                            .startsWith("NOT_CANONICAL respelled-1/1 ")
                            .contains("canonical form at byte offset"));
            assertThat(gateway.counter("gateway.messages.rejected", "reason", "NOT_CANONICAL"))
                    .isEqualTo(3);
        }
    }

    private static byte[] invalidUtf8InId(String template) {
        return spliced(template, template.indexOf("\"steady-1\"") + "\"steady".length(), 0, (byte) 0xC3, (byte) 0x28);
    }

    // The '/' of "a/b" as the two-byte overlong sequence C0 AF, which lenient decoders read as '/'.
    private static byte[] overlongSlash(String wire) {
        return spliced(wire, wire.indexOf("a/b") + 1, 1, (byte) 0xC0, (byte) 0xAF);
    }

    // The UTF-8 of text with the characters at..at+dropped replaced by raw bytes.
    private static byte[] spliced(String text, int at, int dropped, byte... inserted) {
        ByteArrayOutputStream wire = new ByteArrayOutputStream();
        wire.writeBytes(text.substring(0, at).getBytes(StandardCharsets.UTF_8));
        wire.writeBytes(inserted);
        wire.writeBytes(text.substring(at + dropped).getBytes(StandardCharsets.UTF_8));
        return wire.toByteArray();
    }
}
