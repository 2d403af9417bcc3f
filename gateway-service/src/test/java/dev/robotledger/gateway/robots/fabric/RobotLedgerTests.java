package dev.robotledger.gateway.robots.fabric;

import static dev.robotledger.contract.ContractTransaction.GET_ROBOT;
import static dev.robotledger.contract.ContractTransaction.REGISTER_ROBOT;
import static dev.robotledger.contract.ContractTransaction.REVOKE_ROBOT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.robotledger.gateway.testing.Await;
import dev.robotledger.gateway.testing.InProcessGateway;
import dev.robotledger.gateway.testing.JournalAndBroker;
import dev.robotledger.gateway.testing.LedgerTests;
import dev.robotledger.gateway.testing.LedgerTransaction;
import dev.robotledger.gateway.testing.LedgerUnderTest;
import dev.robotledger.gateway.testing.Publisher;
import dev.robotledger.gateway.testing.TestRobot;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.hyperledger.fabric.protos.peer.TxValidationCode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.test.web.reactive.server.EntityExchangeResult;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * Robot registration and revocation through the operator API ({@code POST /api/robots},
 * {@code POST /api/robots/{id}/revoke}) with a ledger configured: the real PostgreSQL robot
 * table, the real verifier behind a real broker, the production ledger adapter (TLS gRPC over
 * shaded Netty, the org identity, {@code LedgerRobotRegistry}), on a {@link LedgerUnderTest}: the
 * embedded ledger ({@link RobotLedgerIT}) or the tests' Fabric network ({@link RobotLedgerFabricIT}).
 * What the ledger holds is read from its blocks and by evaluates of the test's own client.
 */
abstract class RobotLedgerTests<L extends LedgerUnderTest> extends LedgerTests<L> {

    static final Duration TIMEOUT = Duration.ofSeconds(60);
    static final ObjectMapper JSON = new ObjectMapper();

    @RegisterExtension
    static final JournalAndBroker infra = new JournalAndBroker();

    InProcessGateway gateway() {
        return ledger.startGateway(
                infra, "manufacturer", "robot-ledger-" + UUID.randomUUID(), "gateway.anchoring.max-age=1h");
    }

    static TestRobot newRobot(String kind) {
        return new TestRobot("led-" + kind + "-" + UUID.randomUUID().toString().substring(0, 8));
    }

    static Map<String, Object> registration(TestRobot robot) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("robotId", robot.robotId());
        body.put("publicKey", robot.publicKeyBase64());
        body.put("model", "KR-16 arc welder");
        body.put("site", "plant-1");
        body.put("line", "line-2");
        body.put("station", "station-4");
        body.put("capabilities", List.of("PRODUCE", "INSPECT"));
        return body;
    }

    static EntityExchangeResult<String> post(InProcessGateway gateway, String uri, Object body) {
        var request = gateway.web().post().uri(uri);
        return (body == null ? request.exchange() : request.bodyValue(body).exchange())
                .expectBody(String.class)
                .returnResult();
    }

    static int robotStatus(InProcessGateway gateway, TestRobot robot) {
        return gateway.web()
                .get()
                .uri("/api/robots/{id}", robot.robotId())
                .exchange()
                .expectBody(String.class)
                .returnResult()
                .getStatus()
                .value();
    }

    /** This test's transactions on the ledger that name the robot (the request names it), in block order. */
    List<LedgerTransaction> transactionsOf(TestRobot robot) {
        return ledger.transactionsFrom(startHeight).stream()
                .filter(tx -> tx.args().stream().anyMatch(arg -> arg.contains(robot.robotId())))
                .toList();
    }

    /** The robot as the contract answers GetRobot to a client of the manufacturer. */
    JsonNode onLedger(TestRobot robot) throws Exception {
        return JSON.readTree(ledger.evaluate("manufacturer", GET_ROBOT, robot.robotId()));
    }

    /** Checks that the peer received no proposal at all, which only a peer that records them can show. */
    void nothingWasSentToThePeer() {}

    @Test
    void aRegistrationIsRecordedOnTheLedgerWithTheRobotsDetailsAndKeyUnderTheGatewaysOrg() throws Exception {
        TestRobot robot = newRobot("press");
        try (InProcessGateway gateway = gateway()) {
            EntityExchangeResult<String> registered = post(gateway, "/api/robots", registration(robot));

            assertThat(registered.getStatus().value())
                    .as(registered.getResponseBody())
                    .isEqualTo(201);
            assertThat(robotStatus(gateway, robot)).isEqualTo(200);
            LedgerTransaction recorded = transactionsOf(robot).get(0);
            assertThat(transactionsOf(robot)).as("recorded once").hasSize(1);
            assertThat(recorded.function()).isEqualTo(REGISTER_ROBOT.functionName());
            assertThat(recorded.code()).isEqualTo(TxValidationCode.VALID);
            assertThat(recorded.creatorMspId()).isEqualTo("ManufacturerMSP");
            assertThat(recorded.args().get(0)).startsWith("register-" + robot.robotId() + "-");
            JsonNode request = JSON.readTree(recorded.args().get(1));
            assertThat(request.get("robotId").asString()).isEqualTo(robot.robotId());
            assertThat(request.get("model").asString()).isEqualTo("KR-16 arc welder");
            assertThat(request.get("site").asString()).isEqualTo("plant-1");
            assertThat(request.get("line").asString()).isEqualTo("line-2");
            assertThat(request.get("station").asString()).isEqualTo("station-4");
            assertThat(Base64.getEncoder()
                            .encodeToString(der(request.get("publicKeyPem").asString())))
                    .isEqualTo(robot.publicKeyBase64());
            assertThat(onLedger(robot).get("status").asString()).isEqualTo("ACTIVE");
        }
    }

    @Test
    void whileThePeerIsDownRegistrationAnswers503AndRecordsNothingThenARetrySucceeds() throws Exception {
        TestRobot robot = newRobot("lathe");
        ledger.stopPeer();
        try (InProcessGateway gateway = gateway()) {
            EntityExchangeResult<String> down = post(gateway, "/api/robots", registration(robot));

            assertThat(down.getStatus().value()).isEqualTo(503);
            assertThat(JSON.readTree(down.getResponseBody()).get("detail").asString())
                    .contains("the peer did not answer", robot.robotId(), "UNAVAILABLE");
            assertThat(robotStatus(gateway, robot)).isEqualTo(404);
            assertThat(infra.db()
                            .jdbc()
                            .queryForObject(
                                    "SELECT count(*) FROM robots WHERE robot_id = ?", Long.class, robot.robotId()))
                    .isZero();

            ledger.startPeer();
            // gRPC waits before reconnecting after a failure: the operator's retries cover that.
            Await.until(
                    "the registration accepted once the peer is back",
                    TIMEOUT,
                    () -> post(gateway, "/api/robots", registration(robot))
                                    .getStatus()
                                    .value()
                            == 201);
            assertThat(robotStatus(gateway, robot)).isEqualTo(200);
            assertThat(onLedger(robot).get("status").asString()).isEqualTo("ACTIVE");
            assertThat(transactionsOf(robot))
                    .extracting(LedgerTransaction::function)
                    .containsExactly(REGISTER_ROBOT.functionName());
        }
    }

    @Test
    void withALedgerAMissingDetailIsRefusedNamingTheField() throws Exception {
        TestRobot robot = newRobot("saw");
        try (InProcessGateway gateway = gateway()) {
            Map<String, Object> body = registration(robot);
            body.remove("station");

            EntityExchangeResult<String> refused = post(gateway, "/api/robots", body);

            assertThat(refused.getStatus().value()).isEqualTo(400);
            assertThat(JSON.readTree(refused.getResponseBody()).get("detail").asString())
                    .isEqualTo("station of robot " + robot.robotId()
                            + " is missing; it is required when the gateway records robots on the ledger");
            assertThat(robotStatus(gateway, robot)).isEqualTo(404);
            assertThat(transactionsOf(robot)).isEmpty();
            nothingWasSentToThePeer();
            assertThatThrownBy(() -> onLedger(robot)).as("not on the ledger").isInstanceOf(IllegalStateException.class);
        }
    }

    @Test
    void withALedgerARegistrationWithoutKnownCapabilitiesIsRefused() throws Exception {
        TestRobot robot = newRobot("lathe");
        try (InProcessGateway gateway = gateway()) {
            Map<String, Object> missing = registration(robot);
            missing.remove("capabilities");
            Map<String, Object> unknown = registration(robot);
            unknown.put("capabilities", List.of("PRODUCE", "WELD"));

            EntityExchangeResult<String> refusedMissing = post(gateway, "/api/robots", missing);
            EntityExchangeResult<String> refusedUnknown = post(gateway, "/api/robots", unknown);

            assertThat(refusedMissing.getStatus().value()).isEqualTo(400);
            assertThat(JSON.readTree(refusedMissing.getResponseBody())
                            .get("detail")
                            .asString())
                    .startsWith("capabilities of robot " + robot.robotId() + " are missing");
            assertThat(refusedUnknown.getStatus().value()).isEqualTo(400);
            assertThat(JSON.readTree(refusedUnknown.getResponseBody())
                            .get("detail")
                            .asString())
                    .contains("WELD");
            assertThat(robotStatus(gateway, robot)).isEqualTo(404);
            nothingWasSentToThePeer();
        }
    }

    @Test
    void aRobotTheLedgerHoldsWithAnotherKeyIsA409AndNotRegisteredHere() throws Exception {
        TestRobot robot = newRobot("mill");
        TestRobot impostor = new TestRobot(robot.robotId());
        try (InProcessGateway gateway = gateway()) {
            ledger.registerRobot(
                    "manufacturer", robot.robotId(), impostor.keys().getPublic());

            EntityExchangeResult<String> conflict = post(gateway, "/api/robots", registration(robot));

            assertThat(conflict.getStatus().value()).isEqualTo(409);
            assertThat(JSON.readTree(conflict.getResponseBody()).get("detail").asString())
                    .isEqualTo(
                            "robot " + robot.robotId() + " is already registered on the ledger with a different key");
            assertThat(robotStatus(gateway, robot)).isEqualTo(404);
            assertThat(transactionsOf(robot))
                    .as("only the earlier registration")
                    .extracting(tx -> tx.args().get(0))
                    .containsExactly("earlier-register-" + robot.robotId());
        }
    }

    @Test
    void revocationRefusesTheRobotAtOnceAndReachesTheLedgerOnARetryAfterAnOutage() throws Exception {
        TestRobot robot = newRobot("drill");
        try (InProcessGateway gateway = gateway();
                Publisher publisher = new Publisher(infra.broker().uri(), "robot-" + robot.robotId())) {
            assertThat(post(gateway, "/api/robots", registration(robot))
                            .getStatus()
                            .value())
                    .isEqualTo(201);
            ledger.stopPeer();

            EntityExchangeResult<String> pending = post(gateway, "/api/robots/" + robot.robotId() + "/revoke", null);

            assertThat(pending.getStatus().value()).isEqualTo(503);
            assertThat(JSON.readTree(pending.getResponseBody()).get("detail").asString())
                    .startsWith("robot " + robot.robotId() + " is revoked in the gateway (its messages are refused)"
                            + " but the revocation is not on the ledger yet")
                    .endsWith("revoke it again to complete it");
            publisher.publish(robot, robot.window(2));
            Await.until(
                    "the revoked robot's window dead-lettered",
                    TIMEOUT,
                    () -> infra.db()
                                    .jdbc()
                                    .queryForObject(
                                            "SELECT count(*) FROM dead_letters WHERE reason = 'REVOKED_ROBOT' AND robot_id = ?",
                                            Long.class,
                                            robot.robotId())
                            == 1);
            assertThat(transactionsOf(robot))
                    .as("no revocation on the ledger yet")
                    .extracting(LedgerTransaction::function)
                    .containsExactly(REGISTER_ROBOT.functionName());

            ledger.startPeer();
            Await.until(
                    "the revocation completed on the ledger",
                    TIMEOUT,
                    () -> post(gateway, "/api/robots/" + robot.robotId() + "/revoke", null)
                                    .getStatus()
                                    .value()
                            == 200);
            assertThat(onLedger(robot).get("status").asString()).isEqualTo("REVOKED");
            List<LedgerTransaction> transactions = transactionsOf(robot);
            assertThat(transactions)
                    .as("the registration and the revocation, once each")
                    .extracting(LedgerTransaction::function)
                    .containsExactly(REGISTER_ROBOT.functionName(), REVOKE_ROBOT.functionName());
            LedgerTransaction revoke = transactions.get(1);
            assertThat(revoke.args().get(0)).isEqualTo("revoke-" + robot.robotId());
            assertThat(revoke.creatorMspId()).isEqualTo("ManufacturerMSP");
            assertThat(revoke.code()).isEqualTo(TxValidationCode.VALID);
        }
    }

    static byte[] der(String pem) {
        return Base64.getDecoder()
                .decode(pem.replaceAll("-----(BEGIN|END) PUBLIC KEY-----", "").replaceAll("\\s", ""));
    }
}
