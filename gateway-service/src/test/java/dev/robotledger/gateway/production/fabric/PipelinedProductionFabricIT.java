package dev.robotledger.gateway.production.fabric;

import static dev.robotledger.contract.ContractTransaction.GET_GOOD;
import static dev.robotledger.gateway.testing.ProductionPayloads.assembly;
import static dev.robotledger.gateway.testing.ProductionPayloads.check;
import static dev.robotledger.gateway.testing.ProductionPayloads.component;
import static org.assertj.core.api.Assertions.assertThat;

import dev.robotledger.gateway.testing.FabricGateways;
import dev.robotledger.gateway.testing.FabricGateways.JournaledProduction;
import dev.robotledger.gateway.testing.FabricNetwork;
import dev.robotledger.gateway.testing.FabricTest;
import dev.robotledger.gateway.testing.InProcessGateway;
import dev.robotledger.gateway.testing.JournalAndBroker;
import dev.robotledger.gateway.testing.Publisher;
import dev.robotledger.gateway.testing.TestRobot;
import dev.robotledger.wire.message.MessageType;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.jdbc.core.JdbcTemplate;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * The manufacturer's gateway submitting production events many at once, in causal order, on the
 * tests' Fabric network: independent events share blocks, and events naming a good whose
 * production the ledger refused are refused by the gateway and never reach the ledger.
 */
@FabricTest
class PipelinedProductionFabricIT {

    private static final Duration TIMEOUT = Duration.ofSeconds(120);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String RUN = UUID.randomUUID().toString().substring(0, 8);

    @RegisterExtension
    static final JournalAndBroker INFRA = new JournalAndBroker();

    private static FabricNetwork fabric;
    private static InProcessGateway gateway;
    private static JdbcTemplate journal;
    private static Publisher publisher;

    @BeforeAll
    static void manufacturersGateway() {
        fabric = FabricNetwork.network();
        gateway = FabricGateways.start(INFRA, "manufacturer");
        journal = FabricGateways.journal(gateway);
        publisher = new Publisher(INFRA.broker().uri(), "robots-" + RUN);
    }

    @AfterAll
    static void stop() {
        if (publisher != null) {
            publisher.close();
        }
        if (gateway != null) {
            gateway.close();
        }
    }

    @Test
    void independentEventsPublishedTogetherCommitManyToABlockEachOnce() throws Exception {
        TestRobot robot = new TestRobot("pipe-many-" + RUN);
        gateway.register(robot);
        int goods = 30;
        for (int i = 0; i < goods; i++) {
            publisher.publish(
                    robot, robot.event(MessageType.COMPONENT_PRODUCED, component(robot.robotId() + "-g" + i, "part")));
        }
        for (int i = 0; i < goods; i++) {
            publisher.publish(robot, robot.event(MessageType.QUALITY_CHECK, check(robot.robotId() + "-g" + i)));
        }

        List<JournaledProduction> events = FabricGateways.awaitDecided(journal, robot.robotId(), 2 * goods, TIMEOUT);

        assertThat(events).extracting(JournaledProduction::state).containsOnly("COMMITTED");
        Map<Long, Long> perBlock =
                events.stream().collect(Collectors.groupingBy(JournaledProduction::blockNumber, Collectors.counting()));
        assertThat(perBlock.size())
                .as("blocks holding the %s events: %s", 2 * goods, perBlock)
                .isLessThanOrEqualTo(goods / 2);
        assertThat(perBlock.values().stream().mapToLong(Long::longValue).max().orElseThrow())
                .as("the most events in one block")
                .isGreaterThan(5);
        for (int i = 0; i < goods; i++) {
            JsonNode good =
                    JSON.readTree(fabric.queryOk("retailer", GET_GOOD.functionName(), robot.robotId() + "-g" + i));
            assertThat(good.at("/production/recordedInTxId").asString())
                    .isEqualTo(events.get(i).transactionId());
            String checkTransaction = events.get(goods + i).transactionId();
            assertThat(good.get("qualityChecks"))
                    .as("each check once, after its good's production")
                    .singleElement()
                    .satisfies(recorded ->
                            assertThat(recorded.get("txId").asString()).isEqualTo(checkTransaction));
        }
    }

    @Test
    void eventsNamingAGoodWhoseProductionWasRefusedAreRefusedAsDependingOnItAndNeverSent() throws Exception {
        TestRobot first = new TestRobot("pipe-first-" + RUN);
        TestRobot reuser = new TestRobot("pipe-reuse-" + RUN);
        gateway.register(first);
        gateway.register(reuser);
        String reused = first.robotId() + "-g0";
        publisher.publish(first, first.event(MessageType.COMPONENT_PRODUCED, component(reused, "part")));
        FabricGateways.awaitDecided(journal, first.robotId(), 1, TIMEOUT);

        // Another robot reuses the id: its production is refused by the contract, and what names it must not land on
        // the good the first robot made.
        String part = reuser.robotId() + "-p0";
        publisher.publish(reuser, reuser.event(MessageType.COMPONENT_PRODUCED, component(reused, "part")));
        publisher.publish(reuser, reuser.event(MessageType.COMPONENT_PRODUCED, component(part, "part")));
        publisher.publish(reuser, reuser.event(MessageType.QUALITY_CHECK, check(reused)));
        publisher.publish(
                reuser, reuser.event(MessageType.ASSEMBLED, assembly(reuser.robotId() + "-box", part, reused)));
        publisher.publish(reuser, reuser.event(MessageType.QUALITY_CHECK, check(reuser.robotId() + "-box")));

        Map<String, JournaledProduction> events =
                FabricGateways.awaitDecided(journal, reuser.robotId(), 5, TIMEOUT).stream()
                        .collect(Collectors.toMap(JournaledProduction::eventId, Function.identity()));
        String refused = "production-" + reuser.robotId() + "-1";
        assertThat(events.get(refused).state()).isEqualTo("REFUSED");
        assertThat(events.get(refused).errorCode()).isEqualTo("GOOD_ALREADY_EXISTS");
        assertThat(events.get("production-" + reuser.robotId() + "-2").state()).isEqualTo("COMMITTED");
        for (int seq : new int[] {3, 4, 5}) {
            assertThat(events.get("production-" + reuser.robotId() + "-" + seq).errorCode())
                    .as("event %s", seq)
                    .isEqualTo("DEPENDS_ON_REFUSED_EVENT");
        }
        assertThat(messageOf(reuser, 3)).contains("depends on refused event " + refused);
        assertThat(messageOf(reuser, 4)).contains("depends on refused event " + refused);
        assertThat(messageOf(reuser, 5))
                .as("the assembly was refused, so its product's check is too")
                .contains("depends on refused event production-" + reuser.robotId() + "-4");

        JsonNode good = JSON.readTree(fabric.queryOk("retailer", GET_GOOD.functionName(), reused));
        assertThat(good.path("qualityChecks").size())
                .as("no check of the reused id landed on the first robot's good")
                .isZero();
        assertThat(good.path("status").asString()).as("not consumed: %s", good).isNotEqualTo("CONSUMED");
        assertThat(fabric.query("retailer", "retailer", GET_GOOD.functionName(), reuser.robotId() + "-box")
                        .succeeded())
                .as("the assembly never reached the ledger")
                .isFalse();
    }

    private static String messageOf(TestRobot robot, int seq) {
        return journal.queryForObject("""
                SELECT p.error_message FROM production_events p JOIN envelopes e USING (envelope_id)
                WHERE e.robot_id = ? AND e.seq = ?""", String.class, robot.robotId(), (long) seq);
    }
}
