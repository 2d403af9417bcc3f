package dev.robotledger.gateway.ingestion;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.robotledger.agent.AgentSettings;
import dev.robotledger.agent.RobotAgent;
import dev.robotledger.gateway.testing.Await;
import dev.robotledger.gateway.testing.InProcessGateway;
import dev.robotledger.gateway.testing.JournalAndBroker;
import dev.robotledger.gateway.testing.Publisher;
import dev.robotledger.gateway.testing.TestRobot;
import dev.robotledger.wire.merkle.Digest;
import dev.robotledger.wire.merkle.MerkleTree;
import dev.robotledger.wire.message.Envelope;
import dev.robotledger.wire.message.MessageType;
import dev.robotledger.wire.message.TelemetryWindow;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** The gateway in this JVM against a real Mosquitto and a real PostgreSQL. */
class IngestionIT {

    @RegisterExtension
    static final JournalAndBroker INFRA = new JournalAndBroker();

    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    @BeforeEach
    void emptyJournal() {
        INFRA.db().jdbc().execute("""
                DO $$ BEGIN
                  IF to_regclass('envelopes') IS NOT NULL THEN
                    TRUNCATE production_events, envelopes, anchor_batches, robot_sequences, sequence_gaps, dead_letters, robots;
                  END IF;
                END $$""");
    }

    private static String uniqueClientId() {
        return "gateway-" + UUID.randomUUID();
    }

    @Test
    void journalsSignedWindowsAndEventsFromSeveralRobotsExactlyOnceAndAcknowledgesThem() {
        String clientId = uniqueClientId();
        List<TestRobot> robots = new ArrayList<>();
        for (int i = 1; i <= 5; i++) {
            robots.add(new TestRobot("fleet-" + i));
        }
        try (InProcessGateway gateway =
                        InProcessGateway.start(INFRA.postgres(), INFRA.broker().uri(), clientId);
                Publisher publisher = new Publisher(INFRA.broker().uri(), "robots-" + clientId)) {
            robots.forEach(gateway::register);
            for (int round = 0; round < 20; round++) {
                for (TestRobot robot : robots) {
                    publisher.publish(robot, robot.window(10));
                    if (round % 4 == 0) {
                        publisher.publish(robot, robot.event("part-" + robot.robotId() + "-" + round));
                    }
                }
            }
            Await.until(
                    "125 envelopes journaled",
                    TIMEOUT,
                    () -> INFRA.db().countOrZero("SELECT count(*) FROM envelopes") == 125,
                    () -> INFRA.db().countOrZero("SELECT count(*) FROM envelopes"));
            Await.until(
                    "every reading sealed into an anchor batch",
                    TIMEOUT,
                    () -> INFRA.db().count("SELECT coalesce(sum(reading_count), 0) FROM anchor_batches") == 1000);

            assertThat(INFRA.db().count("SELECT coalesce(sum(reading_count), 0) FROM envelopes"))
                    .isEqualTo(1000);
            assertThat(INFRA.db().count("SELECT count(*) FROM envelopes WHERE message_type = 'COMPONENT_PRODUCED'"))
                    .isEqualTo(25);
            assertThat(INFRA.db().count("SELECT count(*) FROM dead_letters")).isZero();
            assertThat(INFRA.db().count("SELECT count(*) FROM sequence_gaps")).isZero();
            assertThat(INFRA.db()
                            .jdbc()
                            .queryForList("SELECT robot_id, last_seq FROM robot_sequences ORDER BY robot_id"))
                    .extracting(row -> row.get("robot_id") + "=" + row.get("last_seq"))
                    .containsExactly("fleet-1=25", "fleet-2=25", "fleet-3=25", "fleet-4=25", "fleet-5=25");
            assertThat(
                            INFRA.db()
                                    .count(
                                            "SELECT count(*) FROM envelopes WHERE batch_id IS NULL AND message_type = 'TELEMETRY_WINDOW'"))
                    .isZero();
            assertEveryBatchRootCoversItsWindows();
            assertThat(gateway.counter("gateway.journal.readings")).isEqualTo(1000);
            assertThat(gateway.counter("gateway.messages.accepted")).isEqualTo(125);
            gateway.web()
                    .get()
                    .uri("/actuator/prometheus")
                    .exchange()
                    .expectStatus()
                    .isOk()
                    .expectBody(String.class)
                    .value(text -> assertThat(text)
                            .contains("gateway_journal_readings_total 1000.0")
                            .contains("gateway_readings_pending 0.0")
                            .containsPattern("gateway_anchor_batches_built_total [1-9]"));
        }

        // Every message was acknowledged: the same session, resumed, gets nothing redelivered
        // before a new message published after the restart.
        try (InProcessGateway gateway =
                        InProcessGateway.start(INFRA.postgres(), INFRA.broker().uri(), clientId);
                Publisher publisher = new Publisher(INFRA.broker().uri(), "robots-again-" + clientId)) {
            TestRobot first = robots.get(0);
            publisher.publish(first, first.event("sentinel"));
            Await.until(
                    "the sentinel journaled", TIMEOUT, () -> INFRA.db().count("SELECT count(*) FROM envelopes") == 126);
            assertThat(gateway.counter("gateway.messages.received")).isEqualTo(1);
            assertThat(gateway.counter("gateway.messages.duplicates")).isZero();
        }
    }

    private static void assertEveryBatchRootCoversItsWindows() {
        List<Map<String, Object>> batches = INFRA.db()
                .jdbc()
                .queryForList(
                        "SELECT batch_id, merkle_root, window_count, state FROM anchor_batches ORDER BY batch_id");
        assertThat(batches).isNotEmpty();
        for (Map<String, Object> batch : batches) {
            assertThat(batch.get("state")).isEqualTo("PENDING_SUBMISSION");
            List<Digest> leaves = INFRA.db().jdbc().queryForList("""
                    SELECT anchor_leaf_hash FROM envelopes WHERE batch_id = ? ORDER BY batch_leaf_index""", byte[].class, batch.get("batch_id")).stream()
                    .map(Digest::new)
                    .toList();
            assertThat(leaves).hasSize((Integer) batch.get("window_count"));
            assertThat(MerkleTree.ofLeafHashes(leaves).root()).isEqualTo(new Digest((byte[]) batch.get("merkle_root")));
        }
    }

    @Test
    void journalsReadingsAndEventsPublishedByRobotAgentsExactlyOnce(@TempDir Path state) throws Exception {
        String clientId = uniqueClientId();
        AgentSettings settings = AgentSettings.defaults(INFRA.broker().uri()).withWindow(25, Duration.ofMillis(200));
        List<RobotAgent> agents = new ArrayList<>();
        try (InProcessGateway gateway =
                InProcessGateway.start(INFRA.postgres(), INFRA.broker().uri(), clientId)) {
            try {
                for (int i = 1; i <= 3; i++) {
                    RobotAgent agent = RobotAgent.start(
                            Files.createDirectories(state.resolve("agent-" + i)),
                            "agent-" + i,
                            "plant-1",
                            "line-b",
                            settings);
                    agents.add(agent);
                    gateway.web()
                            .post()
                            .uri("/api/robots")
                            .bodyValue(Map.of(
                                    "robotId",
                                    agent.identity().robotId(),
                                    "publicKey",
                                    agent.identity().publicKeyPem()))
                            .exchange()
                            .expectStatus()
                            .isCreated();
                }
                for (RobotAgent agent : agents) {
                    for (int reading = 0; reading < 200; reading++) {
                        agent.recordReading(
                                1_767_225_600_000L + reading, Map.of("temp.c", 20.0 + reading % 7), 0.5, 900);
                    }
                    ObjectNode event = JsonNodeFactory.instance.objectNode().put("componentId", "housing-42");
                    agent.publishEvent(MessageType.QUALITY_CHECK, event).get(30, TimeUnit.SECONDS);
                    agent.flush().get(30, TimeUnit.SECONDS);
                }
                Await.until(
                        "600 readings and 3 events journaled",
                        TIMEOUT,
                        () -> INFRA.db().count("SELECT coalesce(sum(reading_count), 0) FROM envelopes") == 600
                                && INFRA.db()
                                                .count(
                                                        "SELECT count(*) FROM envelopes WHERE message_type = 'QUALITY_CHECK'")
                                        == 3,
                        () -> INFRA.db().count("SELECT coalesce(sum(reading_count), 0) FROM envelopes"));
            } finally {
                for (RobotAgent agent : agents) {
                    agent.close();
                }
            }
            assertThat(INFRA.db().jdbc().queryForList("SELECT reason, detail FROM dead_letters"))
                    .isEmpty();
            assertThat(INFRA.db().count("SELECT count(DISTINCT robot_id) FROM envelopes"))
                    .isEqualTo(3);
            // Each window row locates its readings: its first reading and count are those of the
            // stored body, whose readings hash to the root the robot signed.
            for (Map<String, Object> window : INFRA.db()
                    .jdbc()
                    .queryForList(
                            "SELECT body, first_reading_seq, reading_count FROM envelopes WHERE message_type = 'TELEMETRY_WINDOW'")) {
                Envelope envelope = Envelope.parse((byte[]) window.get("body"), Envelope.DEFAULT_MAX_BYTES);
                TelemetryWindow readings = envelope.telemetryWindow();
                assertThat(window)
                        .containsEntry("first_reading_seq", readings.firstReadingSeq())
                        .containsEntry("reading_count", readings.readingCount());
                List<byte[]> leaves = readings.readings().stream()
                        .map(r -> r.leafBytes(envelope.robotId()))
                        .toList();
                assertThat(MerkleTree.ofLeaves(leaves).root()).isEqualTo(readings.merkleRoot());
            }
        }
    }

    @Test
    void deadLettersEachBadInputWithItsReasonWhileValidTrafficContinues() {
        TestRobot good = new TestRobot("good-1");
        TestRobot revoked = new TestRobot("revoked-1");
        TestRobot unknown = new TestRobot("unknown-1");
        TestRobot impostor = new TestRobot("good-1");
        String clientId = uniqueClientId();
        try (InProcessGateway gateway = InProcessGateway.start(
                        INFRA.postgres(), INFRA.broker().uri(), clientId, "gateway.ingestion.max-payload-bytes=16384");
                Publisher publisher = new Publisher(INFRA.broker().uri(), "robots-" + clientId)) {
            gateway.register(good);
            gateway.register(revoked);
            gateway.web()
                    .post()
                    .uri("/api/robots/revoked-1/revoke")
                    .exchange()
                    .expectStatus()
                    .isOk()
                    .expectBody()
                    .jsonPath("$.status")
                    .isEqualTo("REVOKED");

            Envelope firstWindow = good.window(4);
            publisher.publish(good, firstWindow);
            Await.until(
                    "the first valid window journaled",
                    TIMEOUT,
                    () -> INFRA.db().count("SELECT count(*) FROM envelopes") == 1);

            Envelope replay = Envelope.sign(
                    "good-1",
                    1,
                    System.currentTimeMillis(),
                    MessageType.COMPONENT_PRODUCED,
                    good.event("ignored").payload(),
                    good.keys().getPrivate());
            publisher.publish(good, impostor.event("forged"));
            publisher.publish(unknown, unknown.event("stranger"));
            publisher.publish(revoked, revoked.event("after-revocation"));
            publisher.publish(good.topicFor(replay), replay.toBytes());
            publisher.publish(
                    "factory/plant-1/line-a/good-1/event",
                    "{\"robotId\": \"good-1\", ".getBytes(StandardCharsets.UTF_8));
            byte[] oversized = new byte[20_000];
            Arrays.fill(oversized, (byte) 'x');
            publisher.publish("factory/plant-1/line-a/good-1/telemetry", oversized);
            Envelope misaddressed = good.event("wrong-topic");
            publisher.publish("factory/plant-1/line-a/revoked-1/event", misaddressed.toBytes());
            // A byte-identical redelivery of what is already journaled: silently acknowledged.
            publisher.publish(good, firstWindow);
            good.skip(2);
            Envelope afterGap = good.window(3);
            assertThat(afterGap.seq()).isEqualTo(6);
            publisher.publish(good, afterGap);

            Await.until(
                    "the valid window after the bad inputs journaled",
                    TIMEOUT,
                    () -> INFRA.db()
                                    .count(
                                            "SELECT count(*) FROM envelopes WHERE robot_id = 'good-1' AND seq = ?",
                                            afterGap.seq())
                            == 1);
            Await.until(
                    "seven dead letters",
                    TIMEOUT,
                    () -> INFRA.db().count("SELECT count(*) FROM dead_letters") == 7,
                    () -> INFRA.db().jdbc().queryForList("SELECT reason FROM dead_letters"));

            assertThat(INFRA.db()
                            .jdbc()
                            .queryForList("SELECT reason, robot_id FROM dead_letters ORDER BY dead_letter_id"))
                    .extracting(row -> row.get("reason") + ":" + row.get("robot_id"))
                    .containsExactly(
                            "FORGED_SIGNATURE:good-1",
                            "UNKNOWN_ROBOT:unknown-1",
                            "REVOKED_ROBOT:revoked-1",
                            "REPLAYED_SEQUENCE:good-1",
                            "MALFORMED:null",
                            "OVERSIZED:null",
                            "TOPIC_MISMATCH:good-1");
            assertThat(INFRA.db().count("SELECT count(*) FROM envelopes")).isEqualTo(2);
            assertThat(INFRA.db().count("SELECT coalesce(sum(reading_count), 0) FROM envelopes"))
                    .isEqualTo(7);
            assertThat(INFRA.db().count("SELECT body_size FROM dead_letters WHERE reason = 'OVERSIZED'"))
                    .isEqualTo(20_000);
            assertThat(INFRA.db().count("SELECT length(body_prefix) FROM dead_letters WHERE reason = 'OVERSIZED'"))
                    .isEqualTo(4096);
            assertThat(gateway.counter("gateway.messages.duplicates")).isEqualTo(1);
            assertThat(gateway.counter("gateway.messages.rejected", "reason", "FORGED_SIGNATURE"))
                    .isEqualTo(1);

            gateway.web()
                    .get()
                    .uri("/api/dead-letters?reason=replayed_sequence")
                    .exchange()
                    .expectStatus()
                    .isOk()
                    .expectBody()
                    .jsonPath("$.length()")
                    .isEqualTo(1)
                    .jsonPath("$[0].robotId")
                    .isEqualTo("good-1")
                    .jsonPath("$[0].seq")
                    .isEqualTo(1)
                    .jsonPath("$[0].detail")
                    .value(detail -> assertThat((String) detail).contains("good-1/1"));
            gateway.web()
                    .get()
                    .uri("/api/ingestion/status")
                    .exchange()
                    .expectStatus()
                    .isOk()
                    .expectBody()
                    .jsonPath("$.envelopes")
                    .isEqualTo(2)
                    .jsonPath("$.deadLetters")
                    .isEqualTo(7)
                    .jsonPath("$.robots[0].robotId")
                    .isEqualTo("good-1")
                    .jsonPath("$.robots[0].lastSeq")
                    .isEqualTo(afterGap.seq())
                    // 2 only served as the replay's template, 3 was refused, 4 and 5 were skipped.
                    .jsonPath("$.gaps[0].firstMissing")
                    .isEqualTo(2)
                    .jsonPath("$.gaps[0].lastMissing")
                    .isEqualTo(5);
            gateway.web()
                    .get()
                    .uri("/actuator/prometheus")
                    .exchange()
                    .expectBody(String.class)
                    .value(text -> assertThat(text)
                            .contains("gateway_messages_rejected_total{reason=\"OVERSIZED\"} 1.0")
                            .contains("gateway_messages_rejected_total{reason=\"TOPIC_MISMATCH\"} 1.0"));
        }
    }

    @Test
    void deadLettersAMessageTheJournalRefusesWithoutStallingTheOthers() {
        TestRobot poison = new TestRobot("poison-1");
        TestRobot good = new TestRobot("healthy-1");
        String clientId = uniqueClientId();
        try (InProcessGateway gateway =
                        InProcessGateway.start(INFRA.postgres(), INFRA.broker().uri(), clientId);
                Publisher publisher = new Publisher(INFRA.broker().uri(), "robots-" + clientId)) {
            gateway.register(poison);
            gateway.register(good);
            // Stands in for any content PostgreSQL refuses (a data or integrity error).
            INFRA.db()
                    .jdbc()
                    .execute("ALTER TABLE envelopes ADD CONSTRAINT refuse_poison CHECK (robot_id <> 'poison-1')");
            try {
                for (int i = 0; i < 20; i++) {
                    publisher.publish(good, good.window(3));
                    if (i == 10) {
                        publisher.publish(poison, poison.window(3));
                    }
                }
                Await.until(
                        "the good robot's 20 windows journaled",
                        TIMEOUT,
                        () -> INFRA.db().count("SELECT count(*) FROM envelopes WHERE robot_id = 'healthy-1'") == 20,
                        () -> INFRA.db().count("SELECT count(*) FROM envelopes"));
                Await.until(
                        "the refused window dead-lettered",
                        TIMEOUT,
                        () -> INFRA.db().count("SELECT count(*) FROM dead_letters WHERE reason = 'JOURNAL_REFUSED'")
                                == 1);
                assertThat(INFRA.db().jdbc().queryForObject("SELECT detail FROM dead_letters", String.class))
                        .contains("refuse_poison");
                assertThat(INFRA.db().count("SELECT count(*) FROM envelopes WHERE robot_id = 'poison-1'"))
                        .isZero();
            } finally {
                INFRA.db().jdbc().execute("ALTER TABLE envelopes DROP CONSTRAINT refuse_poison");
            }
        }
    }

    @Test
    void refusesMessagesOfARobotFromTheMomentItIsRevoked() {
        TestRobot robot = new TestRobot("revocable-1");
        String clientId = uniqueClientId();
        try (InProcessGateway gateway =
                        InProcessGateway.start(INFRA.postgres(), INFRA.broker().uri(), clientId);
                Publisher publisher = new Publisher(INFRA.broker().uri(), "robots-" + clientId)) {
            gateway.register(robot);
            publisher.publish(robot, robot.window(2));
            Await.until(
                    "the window before revocation journaled",
                    TIMEOUT,
                    () -> INFRA.db().count("SELECT count(*) FROM envelopes") == 1);

            gateway.web()
                    .post()
                    .uri("/api/robots/revocable-1/revoke")
                    .exchange()
                    .expectStatus()
                    .isOk();
            publisher.publish(robot, robot.window(2));

            Await.until(
                    "the window after revocation dead-lettered",
                    TIMEOUT,
                    () -> INFRA.db().count("SELECT count(*) FROM dead_letters WHERE reason = 'REVOKED_ROBOT'") == 1);
            assertThat(INFRA.db().count("SELECT count(*) FROM envelopes")).isEqualTo(1);
        }
    }

    @Test
    void answersRegistrationMistakesWithProblemDetails() {
        TestRobot robot = new TestRobot("conflict-1");
        try (InProcessGateway gateway =
                InProcessGateway.start(INFRA.postgres(), INFRA.broker().uri(), uniqueClientId())) {
            gateway.register(robot);
            gateway.web()
                    .post()
                    .uri("/api/robots")
                    .bodyValue(Map.of("robotId", "conflict-1", "publicKey", new TestRobot("x").publicKeyBase64()))
                    .exchange()
                    .expectStatus()
                    .isEqualTo(409)
                    .expectHeader()
                    .contentType("application/problem+json")
                    .expectBody()
                    .jsonPath("$.detail")
                    .value(detail -> assertThat((String) detail).contains("conflict-1"));
            gateway.web()
                    .post()
                    .uri("/api/robots/nobody-7/revoke")
                    .exchange()
                    .expectStatus()
                    .isNotFound()
                    .expectBody()
                    .jsonPath("$.detail")
                    .value(detail -> assertThat((String) detail).contains("nobody-7"));
            gateway.web()
                    .post()
                    .uri("/api/robots")
                    .bodyValue(Map.of("robotId", "bad-key-1", "publicKey", "bm90IGEga2V5"))
                    .exchange()
                    .expectStatus()
                    .isBadRequest()
                    .expectBody()
                    .jsonPath("$.detail")
                    .value(detail -> assertThat((String) detail).contains("bad-key-1"));
        }
    }
}
