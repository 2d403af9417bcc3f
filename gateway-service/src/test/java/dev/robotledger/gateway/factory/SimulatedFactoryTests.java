package dev.robotledger.gateway.factory;

import static dev.robotledger.contract.ContractTransaction.GET_GOOD;
import static dev.robotledger.contract.ContractTransaction.GET_PROVENANCE;
import static org.assertj.core.api.Assertions.assertThat;

import dev.robotledger.agent.AgentSettings;
import dev.robotledger.agent.RobotAgent;
import dev.robotledger.agent.shipping.GatewayApi;
import dev.robotledger.agent.shipping.Shipping;
import dev.robotledger.agent.sim.ProductionLine;
import dev.robotledger.agent.sim.SimulatedRobot;
import dev.robotledger.agent.sim.Stage;
import dev.robotledger.gateway.access.Role;
import dev.robotledger.gateway.testing.Await;
import dev.robotledger.gateway.testing.InProcessGateway;
import dev.robotledger.gateway.testing.JournalAndBroker;
import dev.robotledger.gateway.testing.LedgerTests;
import dev.robotledger.gateway.testing.LedgerUnderTest;
import dev.robotledger.wire.message.ProductionEventId;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * The simulated factory on a ledger ({@link SimulatedFactoryIT}: the embedded ledger;
 * {@link SimulatedFactoryFabricIT}: the tests' Fabric network, where the retailer's accept is
 * endorsed by both organisations' peers): a line of four simulated robots publishing over a real
 * Mosquitto to the manufacturer's gateway makes products three levels deep, some goods fail their
 * inspection, and the shipping desks move a finished product to the retailer through the
 * manufacturer's and the retailer's gateways. What happened is read back from the ledger.
 */
abstract class SimulatedFactoryTests extends LedgerTests<LedgerUnderTest> {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration TIMEOUT = Duration.ofSeconds(120);
    private static final int READINGS_PER_SECOND = 100;
    private static final int EVENTS_EVERY = 40;

    @RegisterExtension
    static final JournalAndBroker INFRA = new JournalAndBroker();

    private final String run = UUID.randomUUID().toString().substring(0, 6);
    // A final assembler, a sub-assembler and two part makers; ids short enough for GS1 serials.
    private final List<String> robotIds = List.of("fp" + run, "fs" + run, "fa" + run, "fb" + run);
    private final List<SimulatedRobot> robots = new ArrayList<>();
    private final List<InProcessGateway> gateways = new ArrayList<>();

    @AfterEach
    void stop() {
        robots.forEach(SimulatedRobot::closeQuietly);
        gateways.forEach(InProcessGateway::close);
    }

    @Test
    void theLineMakesProductsThreeLevelsDeepQuarantinesFailedGoodsAndShipsToTheRetailer() throws Exception {
        InProcessGateway manufacturer = ledger.startGateway(
                INFRA,
                "manufacturer",
                "factory-manufacturer-" + run,
                "gateway.anchoring.max-age=500ms",
                "gateway.production.poll-interval=100ms",
                "gateway.production.submit-retry-initial=100ms",
                "gateway.production.submit-retry-max=400ms");
        gateways.add(manufacturer);
        String retailerDatabase = "factory_retailer_" + run;
        INFRA.db().jdbc().execute("CREATE DATABASE " + retailerDatabase);
        InProcessGateway retailer = ledger.startGateway(
                INFRA,
                "retailer",
                "factory-retailer-" + run,
                "gateway.journal.jdbc-url=jdbc:postgresql://127.0.0.1:"
                        + INFRA.postgres().port() + "/" + retailerDatabase,
                "gateway.mqtt.enabled=false",
                "gateway.read-model.retry-initial=100ms");
        gateways.add(retailer);

        ProductionLine line = ProductionLine.of(robotIds, 0.2);
        for (String robotId : robotIds) {
            RobotAgent agent = RobotAgent.start(
                    dir.resolve(robotId),
                    robotId,
                    "s1",
                    "l1",
                    AgentSettings.defaults(INFRA.broker().uri()).withWindow(20, Duration.ofMillis(250)),
                    entry -> line.acknowledged(entry, System.currentTimeMillis()));
            manufacturer.register(robotId, agent.identity().publicKey());
            robots.add(SimulatedRobot.start(agent, dir.resolve(robotId), EVENTS_EVERY, "9506000", line));
        }
        // As the simulator runs them: every robot's readings at a steady rate, until a product passed
        // its inspection and some good failed its own.
        long start = System.nanoTime();
        long deadline = start + TIMEOUT.toNanos();
        while (line.inStock(Stage.PRODUCT) == 0
                || robots.stream().mapToLong(SimulatedRobot::failedChecks).sum() == 0) {
            assertThat(System.nanoTime())
                    .as("a passed product and a failed check within " + TIMEOUT)
                    .isLessThan(deadline);
            long due = READINGS_PER_SECOND * TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start) / 1000;
            for (SimulatedRobot robot : robots) {
                robot.generateUpTo(due);
            }
            Thread.sleep(10);
        }
        for (SimulatedRobot robot : robots) {
            robot.agent().flush().join();
        }
        long published = robots.stream().mapToLong(SimulatedRobot::events).sum();
        Await.until(
                "the line's " + published + " production events decided",
                TIMEOUT,
                () -> INFRA.db().count("""
                SELECT count(*) FROM production_events p JOIN envelopes e USING (envelope_id)
                WHERE e.robot_id IN (?, ?, ?, ?) AND p.state <> 'PENDING'""", robotIds.toArray()) == published);
        // Nothing refused: every good an assembly names was made, inspected, passed and on the ledger first.
        assertThat(INFRA.db().count("""
                SELECT count(*) FROM production_events p JOIN envelopes e USING (envelope_id)
                WHERE e.robot_id IN (?, ?, ?, ?) AND p.state = 'COMMITTED'""", robotIds.toArray())).isEqualTo(published);

        // A product three levels deep: robot fp's of two assemblies of robot fs's, each of two brackets
        // of the part makers, every part consumed into its parent and named by its own production.
        String product = goodsOf(manufacturer, robotIds.subList(0, 1), "ACTIVE", "PASS")
                .get(0)
                .path("id")
                .asString();
        JsonNode provenance = JSON.readTree(ledger.evaluate("retailer", GET_PROVENANCE, product, "8", "500"));
        assertThat(provenance.path("depth").asInt()).isEqualTo(2);
        assertThat(provenance.path("nodeCount").asInt()).isEqualTo(7);
        JsonNode tree = provenance.path("tree");
        assertThat(tree.at("/good/production/kind").asString()).isEqualTo("product");
        assertThat(tree.path("parts")).hasSize(2).allSatisfy(assembly -> {
            assertMadeBy(
                    assembly, robotIds.get(1), "assembly", tree.at("/good/id").asString());
            assertThat(assembly.path("parts")).hasSize(2).allSatisfy(bracket -> {
                assertMadeBy(
                        bracket,
                        bracket.at("/good/production/robotId").asString(),
                        "bracket",
                        assembly.at("/good/id").asString());
                assertThat(bracket.at("/good/production/robotId").asString()).isIn(robotIds.get(2), robotIds.get(3));
                assertThat(bracket.path("parts")).isEmpty();
            });
        });

        // A good that failed its inspection: quarantined, never built into anything.
        String failed = goodsOf(manufacturer, robotIds, "QUARANTINED", "FAIL")
                .get(0)
                .path("id")
                .asString();
        JsonNode failedGood = JSON.readTree(ledger.evaluate("retailer", GET_GOOD, failed));
        assertThat(failedGood.path("status").asString()).isEqualTo("QUARANTINED");
        assertThat(failedGood.path("parentId").isMissingNode()
                        || failedGood.path("parentId").isNull())
                .isTrue();
        assertThat(failedGood.path("qualityChecks").findValuesAsString("result"))
                .containsExactly("FAIL");

        // The shipping desks: the manufacturer offers the product, the retailer's gateway accepts it.
        Shipping shipping = new Shipping(
                GatewayApi.http("http://127.0.0.1:" + manufacturer.port(), manufacturer.token(Role.OPERATOR)),
                GatewayApi.http("http://127.0.0.1:" + retailer.port(), retailer.token(Role.RETAILER)),
                new Shipping.Policy(
                        "product",
                        "ManufacturerMSP",
                        "RetailerMSP",
                        Duration.ZERO,
                        goodId -> true,
                        goodId -> false,
                        "not recalled here"),
                Clock.systemUTC());
        Await.until(
                "the product at the retailer",
                TIMEOUT,
                () -> unchecked(() -> {
                    shipping.round();
                    return JSON.readTree(ledger.evaluate("retailer", GET_GOOD, product))
                            .path("custodianOrg")
                            .asString()
                            .equals("RetailerMSP");
                }),
                () -> shipping.counts().toString());
        JsonNode shipped = JSON.readTree(ledger.evaluate("retailer", GET_GOOD, product));
        assertThat(shipped.path("custodyHistory").findValuesAsString("action"))
                .containsExactly("PRODUCED", "PROPOSED", "ACCEPTED");
        assertThat(shipped.path("custodyHistory").findValuesAsString("eventId"))
                .contains("ship-" + product, "accept-" + product);
        // Another round writes nothing more.
        Shipping.Counts counts = shipping.round();
        assertThat(shipping.round()).isEqualTo(counts);
        assertThat(JSON.readTree(ledger.evaluate("retailer", GET_GOOD, product)).path("custodyHistory"))
                .hasSize(3);
    }

    /** A node made by {@code robotId}, of {@code kind}, consumed into {@code parentId}, named by its production. */
    private static void assertMadeBy(JsonNode node, String robotId, String kind, String parentId) {
        JsonNode good = node.path("good");
        assertThat(good.at("/production/robotId").asString()).isEqualTo(robotId);
        assertThat(good.at("/production/kind").asString()).isEqualTo(kind);
        assertThat(good.path("status").asString()).isEqualTo("CONSUMED");
        assertThat(good.path("parentId").asString()).isEqualTo(parentId);
        assertThat(good.path("qualityChecks").findValuesAsString("result")).containsExactly("PASS");
        String produced = good.path("custodyHistory").get(0).path("eventId").asString();
        assertThat(ProductionEventId.seqOf(robotId, produced)).as(produced).isPresent();
    }

    /** The goods of these robots with this status and quality, as the gateway's read model finds them; waits for one. */
    private static List<JsonNode> goodsOf(
            InProcessGateway gateway, List<String> robotIds, String status, String quality) {
        List<JsonNode> found = new ArrayList<>();
        Await.until(
                status + " goods of " + robotIds + " in the read model",
                TIMEOUT,
                () -> unchecked(() -> {
                    found.clear();
                    for (String robotId : robotIds) {
                        byte[] body = gateway.web(Role.OPERATOR)
                                .get()
                                .uri("/api/goods?robot=" + robotId + "&status=" + status)
                                .exchange()
                                .expectStatus()
                                .isOk()
                                .expectBody()
                                .returnResult()
                                .getResponseBody();
                        JSON.readTree(body).path("goods").forEach(good -> {
                            if (good.path("quality").asString().equals(quality)) {
                                found.add(good);
                            }
                        });
                    }
                    return !found.isEmpty();
                }));
        return found;
    }

    private static boolean unchecked(java.util.concurrent.Callable<Boolean> condition) {
        try {
            return condition.call();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
