package dev.robotledger.gateway.quarantine;

import static dev.robotledger.contract.ContractTransaction.GET_GOOD;
import static dev.robotledger.gateway.testing.ProductionPayloads.check;
import static dev.robotledger.gateway.testing.ProductionPayloads.component;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.robotledger.gateway.access.Role;
import dev.robotledger.gateway.testing.Await;
import dev.robotledger.gateway.testing.InProcessGateway;
import dev.robotledger.gateway.testing.JournalAndBroker;
import dev.robotledger.gateway.testing.LedgerTests;
import dev.robotledger.gateway.testing.LedgerUnderTest;
import dev.robotledger.gateway.testing.Publisher;
import dev.robotledger.gateway.testing.TestRobot;
import dev.robotledger.wire.message.Envelope;
import dev.robotledger.wire.message.MessageType;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * What a robot may record, through a real Mosquitto, the PostgreSQL journal and the manufacturer's
 * gateway on a {@link LedgerUnderTest} ({@link QuarantineIT}: the embedded ledger;
 * {@link QuarantineFabricIT}: the tests' Fabric network): robots registered through the API with
 * their line and capabilities; an inspection station of another line is refused by the contract,
 * a FAIL quarantines, a later PASS is refused, and only the operator's disposition releases it.
 */
abstract class QuarantineTests extends LedgerTests<LedgerUnderTest> {

    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    private static final ObjectMapper JSON = new ObjectMapper();

    @RegisterExtension
    static final JournalAndBroker INFRA = new JournalAndBroker();

    private final String run = UUID.randomUUID().toString().substring(0, 8);
    private final TestRobot press = new TestRobot("qa-press-" + run);
    private final TestRobot lineOneVision = new TestRobot("qa-vision1-" + run);
    private final TestRobot lineTwoVision = new TestRobot("qa-vision2-" + run);
    private final String bracket = press.robotId() + "-bracket";
    private InProcessGateway gateway;
    private Publisher publisher;

    @BeforeEach
    void setUp() {
        // The gateway's read model must not resume another test's checkpoint on another ledger.
        INFRA.db()
                .jdbc()
                .execute("DO $$ BEGIN IF to_regclass('ledger_checkpoint') IS NOT NULL THEN"
                        + " TRUNCATE ledger_checkpoint, ledger_state, ledger_state_history; END IF; END $$");
        gateway = ledger.startGateway(
                INFRA,
                "manufacturer",
                "quarantine-" + run,
                "gateway.production.poll-interval=100ms",
                "gateway.read-model.retry-initial=100ms");
        publisher = new Publisher(INFRA.broker().uri(), "robots-" + run);
        register(press, "line-1", "PRODUCE");
        register(lineOneVision, "line-1", "INSPECT");
        register(lineTwoVision, "line-2", "INSPECT");
    }

    @AfterEach
    void tearDown() throws Exception {
        if (publisher != null) {
            publisher.close();
        }
        if (gateway != null) {
            gateway.close();
        }
    }

    @Test
    void anotherLinesInspectionIsRefusedAFailQuarantinesAndOnlyTheOperatorReleases() throws Exception {
        decided(press, press.event(MessageType.COMPONENT_PRODUCED, component(bracket, "bracket")), "COMMITTED");

        JsonNode otherLine = decided(lineTwoVision, checkOf(lineTwoVision, "FAIL"), "REFUSED");
        assertThat(otherLine.get("errorCode").asText()).isEqualTo("NOT_INSPECTION_STATION");
        assertThat(otherLine.get("refusedBy").asText()).isEqualTo("LEDGER");
        assertThat(otherLine.get("errorMessage").asText()).contains(lineTwoVision.robotId(), "line-2", "line-1");
        assertThat(goodOnLedger().get("status").asText()).isEqualTo("ACTIVE");

        decided(lineOneVision, checkOf(lineOneVision, "FAIL"), "COMMITTED");
        assertThat(goodOnLedger().get("status").asText()).isEqualTo("QUARANTINED");
        JsonNode passAfterFail = decided(lineOneVision, checkOf(lineOneVision, "PASS"), "REFUSED");
        assertThat(passAfterFail.get("errorCode").asText()).isEqualTo("GOOD_QUARANTINED");
        assertThat(goodOnLedger().get("status").asText()).isEqualTo("QUARANTINED");

        // Only the operator decides, with a reason; the read model must know the good to name its production.
        Await.until(
                "the good in the read model",
                TIMEOUT,
                () -> gateway.web()
                        .get()
                        .uri("/api/goods/" + bracket)
                        .exchange()
                        .returnResult(String.class)
                        .getStatus()
                        .is2xxSuccessful());
        Map<String, String> release = Map.of(
                "decision", "RELEASE", "reason", "re-measured by hand: within tolerance", "eventId", "release-" + run);
        post(gateway.web(Role.RETAILER), release, 403);
        assertThat(post(gateway.web(), Map.of("decision", "KEEP", "reason", "r", "eventId", "keep-" + run), 400)
                        .get("detail")
                        .asText())
                .contains("decision must be one of [RELEASE, SCRAP]");
        JsonNode released = post(gateway.web(), release, 200);
        assertThat(released.at("/good/status").asText()).isEqualTo("ACTIVE");
        assertThat(released.at("/good/dispositions/0/operator").asText()).isEqualTo("test-operator");
        assertThat(released.at("/good/dispositions/0/reason").asText())
                .isEqualTo("re-measured by hand: within tolerance");
        assertThat(post(
                                gateway.web(),
                                Map.of("decision", "SCRAP", "reason", "too late", "eventId", "scrap-" + run),
                                409)
                        .get("code")
                        .asText())
                .isEqualTo("GOOD_NOT_QUARANTINED");

        decided(lineOneVision, checkOf(lineOneVision, "PASS"), "COMMITTED");
        JsonNode good = goodOnLedger();
        assertThat(good.get("status").asText()).isEqualTo("ACTIVE");
        assertThat(good.get("qualityChecks").findValuesAsText("result")).containsExactly("FAIL", "PASS");
        assertThat(good.get("qualityChecks").findValuesAsText("inspector")).containsOnly(lineOneVision.robotId());
    }

    private void register(TestRobot robot, String line, String... capabilities) {
        gateway.web()
                .post()
                .uri("/api/robots")
                .bodyValue(Map.of(
                        "robotId",
                        robot.robotId(),
                        "publicKey",
                        robot.publicKeyBase64(),
                        "model",
                        "qa-arm",
                        "site",
                        "plant-1",
                        "line",
                        line,
                        "station",
                        robot.robotId(),
                        "capabilities",
                        List.of(capabilities)))
                .exchange()
                .expectStatus()
                .isCreated();
    }

    private Envelope checkOf(TestRobot inspector, String result) {
        ObjectNode check = check(bracket).put("result", result);
        return inspector.event(MessageType.QUALITY_CHECK, check);
    }

    /** Publishes the event and waits until the gateway decided it; answers its record from the operator API. */
    private JsonNode decided(TestRobot robot, Envelope event, String expectedState) {
        publisher.publish(robot, event);
        String where = robot.robotId() + "#" + event.seq();
        Await.until(where + " decided", TIMEOUT, () -> {
            JsonNode record = record(robot, event.seq());
            return record != null && !record.get("state").asText().equals("PENDING");
        });
        JsonNode record = record(robot, event.seq());
        assertThat(record.get("state").asText()).as(where + ": " + record).isEqualTo(expectedState);
        return record;
    }

    private JsonNode record(TestRobot robot, long seq) {
        JsonNode events = read(gateway.web()
                .get()
                .uri("/api/production-events?limit=100")
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody()
                .returnResult()
                .getResponseBody());
        for (JsonNode record : events) {
            if (record.get("robotId").asText().equals(robot.robotId())
                    && record.get("seq").asLong() == seq) {
                return record;
            }
        }
        return null;
    }

    private JsonNode goodOnLedger() throws IOException {
        return JSON.readTree(ledger.evaluate("retailer", GET_GOOD, bracket));
    }

    private JsonNode post(
            org.springframework.test.web.reactive.server.WebTestClient client, Map<String, String> body, int status) {
        return read(client.post()
                .uri("/api/goods/" + bracket + "/disposition")
                .bodyValue(body)
                .exchange()
                .expectStatus()
                .isEqualTo(status)
                .expectBody()
                .returnResult()
                .getResponseBody());
    }

    private static JsonNode read(byte[] body) {
        try {
            return JSON.readTree(body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
