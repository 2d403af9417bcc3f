package dev.robotledger.gateway.production.fabric;

import static dev.robotledger.contract.ContractTransaction.GET_GOOD;
import static dev.robotledger.contract.ContractTransaction.GOODS_BY_ROBOT;
import static dev.robotledger.contract.ContractTransaction.RECORD_QUALITY_CHECK;
import static dev.robotledger.gateway.testing.ProductionPayloads.check;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.robotledger.agent.AgentSettings;
import dev.robotledger.agent.RobotAgent;
import dev.robotledger.agent.sim.SimulatedRobot;
import dev.robotledger.contract.Sgtin;
import dev.robotledger.gateway.testing.Await;
import dev.robotledger.gateway.testing.FabricGateways;
import dev.robotledger.gateway.testing.FabricGateways.JournaledProduction;
import dev.robotledger.gateway.testing.FabricNetwork;
import dev.robotledger.gateway.testing.FabricTest;
import dev.robotledger.gateway.testing.InProcessGateway;
import dev.robotledger.gateway.testing.JournalAndBroker;
import dev.robotledger.gateway.testing.LedgerUnderTest;
import dev.robotledger.gateway.testing.ProductionPayloads;
import dev.robotledger.gateway.testing.Publisher;
import dev.robotledger.gateway.testing.TestRobot;
import dev.robotledger.wire.message.Envelope;
import dev.robotledger.wire.message.MessageType;
import dev.robotledger.wire.message.ProductionEventId;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Goods whose identity cannot be confused, on the real network: a simulated robot restarted with
 * its state kept, five times over, never reuses a GS1 serial, and every check and part on the
 * ledger belongs to its good's own production, counted with the peer CLI; a deliberately reused
 * id is refused by the contract, and the check that names its production never reaches the old good.
 */
@FabricTest
class GoodIdentityFabricIT {

    private static final Duration TIMEOUT = Duration.ofSeconds(180);
    private static final ObjectMapper JSON = new ObjectMapper();
    // Short: the simulator's serials are <robotId>.<step>, at most 20 characters.
    private static final String RUN = UUID.randomUUID().toString().substring(0, 6);
    private static final int RESTARTS = 5;
    // Readings per run: a production step every 10 (part, part, assembly, part), two events each.
    private static final int READINGS_PER_RUN = 40;
    private static final int EVENTS_PER_RUN = 8;

    @RegisterExtension
    static final JournalAndBroker INFRA = new JournalAndBroker();

    private static FabricNetwork fabric;
    private static InProcessGateway gateway;
    private static JdbcTemplate journal;

    @TempDir
    Path dir;

    @BeforeAll
    static void manufacturersGateway() {
        fabric = FabricNetwork.network();
        gateway = FabricGateways.start(INFRA, "manufacturer");
        journal = FabricGateways.journal(gateway);
    }

    @AfterAll
    static void stop() {
        if (gateway != null) {
            gateway.close();
        }
    }

    @Test
    void aSimulatorRestartedFiveTimesWithItsStateNeverConfusesAGood() throws Exception {
        String robotId = "ri" + RUN;
        Path state = dir.resolve(robotId);
        for (int restart = 0; restart < RESTARTS; restart++) {
            int run = restart;
            RobotAgent agent = RobotAgent.start(
                    state,
                    robotId,
                    "s1",
                    "l1",
                    AgentSettings.defaults(INFRA.broker().uri()).withWindow(1_000, Duration.ofMinutes(5)));
            if (run == 0) {
                gateway.register(robotId, agent.identity().publicKey());
            }
            SimulatedRobot robot = SimulatedRobot.start(agent, state, 10, "9506000");
            try {
                robot.generateUpTo(READINGS_PER_RUN);
                agent.flush().join();
                // As the simulator does before it exits: what the broker has not acknowledged waits in the outbox.
                Await.until(
                        "run " + run + " of " + robotId + " delivered to the broker",
                        TIMEOUT,
                        () -> agent.backlog() == 0);
            } finally {
                robot.closeQuietly();
            }
        }

        List<JournaledProduction> events =
                FabricGateways.awaitDecided(journal, robotId, RESTARTS * EVENTS_PER_RUN, TIMEOUT);
        assertThat(events)
                .extracting(JournaledProduction::state)
                .as("no refusal for a reused id")
                .containsOnly("COMMITTED");

        long now = System.currentTimeMillis();
        JsonNode made = JSON.readTree(fabric.queryOk(
                "manufacturer",
                GOODS_BY_ROBOT.functionName(),
                robotId,
                Long.toString(now - 86_400_000L),
                Long.toString(now + 86_400_000L)));
        List<String> goodIds = made.findValuesAsText("goodId");
        assertThat(goodIds)
                .as("four goods a run, each a GS1 serial of its own")
                .hasSize(RESTARTS * 4)
                .doesNotHaveDuplicates()
                .allSatisfy(id -> assertThat(Sgtin.fromEpcUri(id)).as(id).isPresent());
        Map<String, JsonNode> ledger = new HashMap<>();
        for (String goodId : goodIds) {
            ledger.put(goodId, JSON.readTree(fabric.queryOk("manufacturer", GET_GOOD.functionName(), goodId)));
        }
        int checks = 0;
        int parts = 0;
        for (Envelope envelope : signedEvents(robotId)) {
            JsonNode payload = envelope.payload();
            if (envelope.type() == MessageType.QUALITY_CHECK) {
                JsonNode good = ledger.get(payload.get("goodId").asText());
                assertThat(productionOf(good))
                        .as("the check's good %s", good.get("id"))
                        .isEqualTo(payload.get("producedBy").asText());
                assertThat(good.get("qualityChecks").findValuesAsText("checkId"))
                        .containsExactly(ProductionEventId.of(envelope));
                checks++;
            } else if (envelope.type() == MessageType.ASSEMBLED) {
                String product = payload.at("/product/goodId").asText();
                for (JsonNode part : payload.get("parts")) {
                    JsonNode good = ledger.get(part.get("goodId").asText());
                    assertThat(productionOf(good))
                            .isEqualTo(part.get("producedBy").asText());
                    assertThat(good.get("parentId").asText()).isEqualTo(product);
                    parts++;
                }
                assertThat(ledger.get(product).get("partIds")).hasSize(2);
            }
        }
        assertThat(checks).isEqualTo(RESTARTS * 4);
        assertThat(parts).isEqualTo(RESTARTS * 2);
    }

    @Test
    void aReusedIdIsRefusedByTheContractAndItsCheckNeverReachesTheOldGood() throws Exception {
        TestRobot robot = new TestRobot("ru" + RUN);
        gateway.register(robot);
        String goodId = Sgtin.of(Sgtin.gtin("9506000", "000001"), robot.robotId() + ".1", 7)
                .epcUri();
        Sgtin item = Sgtin.fromEpcUri(goodId).orElseThrow();
        try (Publisher publisher = new Publisher(INFRA.broker().uri(), "robots-" + RUN)) {
            Envelope first = robot.event(MessageType.COMPONENT_PRODUCED, component(item));
            publisher.publish(robot, first);
            publisher.publish(robot, robot.event(MessageType.QUALITY_CHECK, check(goodId)));
            FabricGateways.awaitDecided(journal, robot.robotId(), 2, TIMEOUT);
            // The same GS1 serial made again (a robot whose counter was lost), then checked.
            Envelope again = robot.event(MessageType.COMPONENT_PRODUCED, component(item));
            publisher.publish(robot, again);
            publisher.publish(robot, robot.event(MessageType.QUALITY_CHECK, check(goodId)));
            List<JournaledProduction> events = FabricGateways.awaitDecided(journal, robot.robotId(), 4, TIMEOUT);

            assertThat(events.subList(0, 2))
                    .extracting(JournaledProduction::state)
                    .containsOnly("COMMITTED");
            assertThat(events.get(2).state() + " " + events.get(2).errorCode())
                    .isEqualTo("REFUSED GOOD_ALREADY_EXISTS");
            assertThat(events.get(3).state())
                    .as("the check of the refused production")
                    .isEqualTo("REFUSED");

            ObjectNode reusedCheck = check(goodId).put("producedBy", ProductionEventId.of(again));
            try (LedgerUnderTest ledger = LedgerUnderTest.fabric()) {
                assertThatThrownBy(() -> ledger.submit(
                                "manufacturer",
                                RECORD_QUALITY_CHECK,
                                "reused-check-" + RUN,
                                reusedCheck.put("inspector", robot.robotId()).toString()))
                        .hasMessageContaining("PRODUCTION_MISMATCH")
                        .hasMessageContaining(ProductionEventId.of(first));
            }
            JsonNode good = JSON.readTree(fabric.queryOk("manufacturer", GET_GOOD.functionName(), goodId));
            assertThat(productionOf(good)).isEqualTo(ProductionEventId.of(first));
            assertThat(good.get("qualityChecks"))
                    .as("only the first production's check")
                    .hasSize(1);
        }
    }

    private static ObjectNode component(Sgtin item) {
        return ProductionPayloads.component(item.epcUri(), "bracket")
                .put("gtin", item.gtin())
                .put("serial", item.serial());
    }

    private static String productionOf(JsonNode good) {
        return good.at("/custodyHistory/0/eventId").asText();
    }

    /** The robot's production events as it signed them, in journal order. */
    private static List<Envelope> signedEvents(String robotId) {
        return journal.query(
                """
                SELECT e.body FROM production_events p JOIN envelopes e USING (envelope_id)
                WHERE e.robot_id = ? ORDER BY e.envelope_id""", (row, index) -> Envelope.parse(row.getBytes("body"), Envelope.DEFAULT_MAX_BYTES), robotId);
    }
}
