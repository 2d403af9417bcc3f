package dev.robotledger.agent.sim;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.robotledger.agent.testing.Await;
import dev.robotledger.agent.testing.MosquittoBroker;
import dev.robotledger.agent.testing.TestSubscriber;
import dev.robotledger.agent.testing.TestSubscriber.Received;
import dev.robotledger.contract.Sgtin;
import dev.robotledger.wire.crypto.KeyFiles;
import dev.robotledger.wire.message.Envelope;
import dev.robotledger.wire.message.MessageType;
import dev.robotledger.wire.message.ProductionEventId;
import dev.robotledger.wire.topic.Topic;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.PublicKey;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SimulatorIT {

    @TempDir
    Path state;

    @Test
    void enrolledRobotsPublishSignedWindowsAndEventsThenStopWithAnEmptyBacklog() throws Exception {
        try (MosquittoBroker broker = MosquittoBroker.start();
                TestSubscriber subscriber = TestSubscriber.subscribe(broker.uri(), "it-sim", Topic.ALL_ROBOTS_FILTER)) {
            Map<String, PublicKey> keys = enrol();
            assertThat(keys).containsOnlyKeys("robot-001", "robot-002", "robot-003");

            ByteArrayOutputStream output = new ByteArrayOutputStream();
            String[] args = {
                "--robots",
                "3",
                "--rate",
                "500/s",
                "--broker",
                broker.uri(),
                "--state-dir",
                state.toString(),
                "--window-readings",
                "50",
                "--events-every",
                "50",
                "--duration",
                "2s"
            };
            int exit = Simulator.commandLine(new PrintStream(output, true, StandardCharsets.UTF_8), args)
                    .execute(args);

            assertThat(exit).as(output.toString(StandardCharsets.UTF_8)).isZero();
            assertThat(output.toString(StandardCharsets.UTF_8)).contains("backlog 0");
            Await.until(
                    Duration.ofSeconds(20),
                    "windows and events of all three robots arrive",
                    () -> typesByRobot(subscriber.received()).size() == 3
                            && typesByRobot(subscriber.received()).values().stream()
                                    .allMatch(t -> t.size() >= 3));
            for (Received message : subscriber.received()) {
                Envelope envelope = Envelope.parse(message.payload(), Envelope.DEFAULT_MAX_BYTES);
                assertThat(envelope.verify(keys.get(envelope.robotId())))
                        .as(envelope.id())
                        .isTrue();
            }
        }
    }

    @Test
    void aSimulatorRestartedOverItsStateNeverNamesAGoodTwice() throws Exception {
        try (MosquittoBroker broker = MosquittoBroker.start();
                TestSubscriber subscriber =
                        TestSubscriber.subscribe(broker.uri(), "it-sim-restarts", Topic.ALL_ROBOTS_FILTER)) {
            enrol();
            String[] args = {
                "--robots",
                "1",
                "--rate",
                "400/s",
                "--broker",
                broker.uri(),
                "--state-dir",
                state.toString(),
                "--window-readings",
                "20",
                "--events-every",
                "40",
                "--duration",
                "1s"
            };
            long published = 0;
            for (int run = 0; run < 5; run++) {
                ByteArrayOutputStream output = new ByteArrayOutputStream();
                int exit = Simulator.commandLine(new PrintStream(output, true, StandardCharsets.UTF_8), args)
                        .execute(args);
                String said = output.toString(StandardCharsets.UTF_8);
                assertThat(exit).as(said).isZero();
                java.util.regex.Matcher done = java.util.regex.Pattern.compile("done: \\d+ readings, (\\d+) events")
                        .matcher(said);
                assertThat(done.find()).as(said).isTrue();
                published += Long.parseLong(done.group(1));
            }
            long expected = published;
            // About 400 readings a run and a production step (a good and its check) every 40.
            assertThat(expected).isGreaterThanOrEqualTo(40);
            Await.until(
                    Duration.ofSeconds(20),
                    "the five runs' " + expected + " production events arrive",
                    () -> productionEvents(subscriber.received()).size() == expected);

            // Good id -> the event id of the production that made it.
            Map<String, String> made = new java.util.LinkedHashMap<>();
            String last = null;
            for (Envelope event : productionEvents(subscriber.received())) {
                JsonNode payload = event.payload();
                switch (event.type()) {
                    case COMPONENT_PRODUCED -> {
                        last = payload.get("goodId").asText();
                        // A GS1 identity: the id is the EPC URI of the GTIN and the serial <robotId>.<step>.
                        assertThat(Sgtin.fromEpcUri(last))
                                .contains(Sgtin.of(
                                        payload.get("gtin").asText(),
                                        payload.get("serial").asText(),
                                        7));
                        assertThat(payload.get("serial").asText()).startsWith(event.robotId() + ".");
                        assertThat(payload.get("lot").asText()).startsWith(event.robotId() + "-L");
                        assertThat(made.put(last, ProductionEventId.of(event)))
                                .as("reused " + last)
                                .isNull();
                    }
                    case ASSEMBLED -> {
                        // An assembly consumes parts this robot made before it, named with their productions.
                        payload.get("parts")
                                .forEach(part -> assertThat(made)
                                        .containsEntry(
                                                part.get("goodId").asText(),
                                                part.get("producedBy").asText()));
                        last = payload.get("product").get("goodId").asText();
                        assertThat(made.put(last, ProductionEventId.of(event)))
                                .as("reused " + last)
                                .isNull();
                    }
                    case QUALITY_CHECK -> {
                        assertThat(payload.get("goodId").asText()).isEqualTo(last);
                        assertThat(payload.get("producedBy").asText()).isEqualTo(made.get(last));
                    }
                    default -> throw new AssertionError("not a production event: " + event.type());
                }
            }
            assertThat(made).hasSize((int) expected / 2);
        }
    }

    @Test
    void aLineOfRobotsMakesProductsThreeLevelsDeepAndNeverBuildsAFailedGoodIn() throws Exception {
        try (MosquittoBroker broker = MosquittoBroker.start();
                TestSubscriber subscriber =
                        TestSubscriber.subscribe(broker.uri(), "it-sim-line", Topic.ALL_ROBOTS_FILTER)) {
            String[] args = {
                "--robots",
                "5",
                "--rate",
                "500/s",
                "--broker",
                broker.uri(),
                "--state-dir",
                state.toString(),
                "--window-readings",
                "50",
                "--events-every",
                "25",
                "--duration",
                "4s",
                "--quality-fail-rate",
                "0.2"
            };
            ByteArrayOutputStream output = new ByteArrayOutputStream();
            int exit = Simulator.commandLine(new PrintStream(output, true, StandardCharsets.UTF_8), args)
                    .execute(args);
            String said = output.toString(StandardCharsets.UTF_8);
            assertThat(exit).as(said).isZero();
            assertThat(said)
                    .contains("line: robot-001 product, robot-002 assembly, robot-003 bracket, robot-004 bracket,"
                            + " robot-005 bracket; 20.0 % of the goods fail their inspection");
            java.util.regex.Matcher done = java.util.regex.Pattern.compile("done: \\d+ readings, (\\d+) events")
                    .matcher(said);
            assertThat(done.find()).as(said).isTrue();
            long published = Long.parseLong(done.group(1));
            Await.until(
                    Duration.ofSeconds(20),
                    "the line's " + published + " production events arrive",
                    () -> deliveredEvents(subscriber.received()).size() >= published);

            // In the order the broker delivered them, as a gateway journals them.
            List<Envelope> events = deliveredEvents(subscriber.received());
            Map<String, Envelope> madeBy = new HashMap<>();
            Map<String, String> results = new HashMap<>();
            java.util.Set<String> consumed = new java.util.HashSet<>();
            Map<String, List<String>> partsOf = new HashMap<>();
            for (Envelope event : events) {
                JsonNode payload = event.payload();
                switch (event.type()) {
                    case COMPONENT_PRODUCED ->
                        madeBy.putIfAbsent(payload.get("goodId").asText(), event);
                    case ASSEMBLED -> {
                        String product = payload.get("product").get("goodId").asText();
                        List<String> parts = new java.util.ArrayList<>();
                        for (JsonNode part : payload.get("parts")) {
                            String partId = part.get("goodId").asText();
                            // Made, inspected and passed before it is built in, named with its production.
                            assertThat(madeBy)
                                    .as("production of " + partId + " before " + product)
                                    .containsKey(partId);
                            assertThat(part.get("producedBy").asText())
                                    .isEqualTo(ProductionEventId.of(madeBy.get(partId)));
                            assertThat(results.get(partId))
                                    .as("check of " + partId + " before " + product)
                                    .isEqualTo("PASS");
                            assertThat(madeBy.get(partId).timestamp()).isLessThanOrEqualTo(event.timestamp());
                            assertThat(consumed.add(partId))
                                    .as(partId + " built in twice")
                                    .isTrue();
                            parts.add(partId);
                        }
                        partsOf.put(product, parts);
                        madeBy.putIfAbsent(product, event);
                    }
                    case QUALITY_CHECK -> {
                        String goodId = payload.get("goodId").asText();
                        assertThat(payload.get("producedBy").asText())
                                .isEqualTo(ProductionEventId.of(madeBy.get(goodId)));
                        results.put(goodId, payload.get("result").asText());
                    }
                    default -> throw new AssertionError("not a production event: " + event.type());
                }
            }
            assertThat(results).containsValue("FAIL");
            assertThat(results.entrySet().stream()
                            .filter(e -> e.getValue().equals("FAIL"))
                            .map(Map.Entry::getKey))
                    .as("failed goods built in")
                    .noneMatch(consumed::contains);
            // A product of robot-001 whose assemblies robot-002 made from brackets of the part makers.
            List<String> threeDeep = partsOf.keySet().stream()
                    .filter(product -> madeBy.get(product).robotId().equals("robot-001"))
                    .filter(product -> partsOf.get(product).stream()
                            .allMatch(assembly -> madeBy.get(assembly).robotId().equals("robot-002")
                                    && partsOf.containsKey(assembly)
                                    && partsOf.get(assembly).stream()
                                            .allMatch(bracket -> !partsOf.containsKey(bracket)
                                                    && madeBy.get(bracket)
                                                            .robotId()
                                                            .matches("robot-00[345]"))))
                    .toList();
            assertThat(threeDeep).as(said).isNotEmpty();
            assertThat(threeDeep.get(0)).startsWith("urn:epc:id:sgtin:9506000.000003.robot-001.");
        }
    }

    private static List<Envelope> deliveredEvents(List<Received> received) {
        return received.stream()
                .map(message -> Envelope.parse(message.payload(), Envelope.DEFAULT_MAX_BYTES))
                .filter(envelope -> envelope.type() != MessageType.TELEMETRY_WINDOW)
                .toList();
    }

    // The robot's production events in the order it numbered them.
    private static List<Envelope> productionEvents(List<Received> received) {
        return received.stream()
                .map(message -> Envelope.parse(message.payload(), Envelope.DEFAULT_MAX_BYTES))
                .filter(envelope -> envelope.type() != MessageType.TELEMETRY_WINDOW)
                .sorted(java.util.Comparator.comparingLong(Envelope::seq))
                .toList();
    }

    private Map<String, PublicKey> enrol() throws Exception {
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        String[] args = {"enrol", "--robots", "3", "--state-dir", state.toString()};
        assertThat(Simulator.commandLine(new PrintStream(output, true, StandardCharsets.UTF_8), args)
                        .execute(args))
                .isZero();
        Map<String, PublicKey> keys = new HashMap<>();
        for (JsonNode robot : new ObjectMapper().readTree(output.toByteArray()).get("robots")) {
            keys.put(
                    robot.get("robotId").asText(),
                    KeyFiles.parsePublicKeyPem(robot.get("publicKeyPem").asText()));
        }
        return keys;
    }

    private static Map<String, java.util.Set<MessageType>> typesByRobot(List<Received> received) {
        Map<String, java.util.Set<MessageType>> types = new HashMap<>();
        for (Received message : received) {
            Envelope envelope = Envelope.parse(message.payload(), Envelope.DEFAULT_MAX_BYTES);
            types.computeIfAbsent(envelope.robotId(), id -> java.util.EnumSet.noneOf(MessageType.class))
                    .add(envelope.type());
        }
        return types;
    }
}
