package dev.robotledger.gateway.robots.fabric;

import static dev.robotledger.contract.ContractTransaction.REGISTER_ROBOT;
import static dev.robotledger.contract.ContractTransaction.REVOKE_ROBOT;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.robotledger.gateway.testing.Await;
import dev.robotledger.gateway.testing.InProcessGateway;
import dev.robotledger.gateway.testing.JournalAndBroker;
import dev.robotledger.gateway.testing.Publisher;
import dev.robotledger.gateway.testing.TestRobot;
import dev.robotledger.ledger.embedded.CertificateAuthority;
import dev.robotledger.ledger.embedded.ContractPeer;
import dev.robotledger.ledger.embedded.ContractPeer.ReceivedProposal;
import dev.robotledger.ledger.embedded.PeerServer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.test.web.reactive.server.EntityExchangeResult;

/**
 * Robot registration and revocation through the operator API ({@code POST /api/robots},
 * {@code POST /api/robots/{id}/revoke}) with a ledger configured: the real PostgreSQL robot
 * table, the real verifier behind a real broker, the production ledger adapter (TLS gRPC over
 * shaded Netty, the org identity, {@code LedgerRobotRegistry}). The peer is a test double running
 * the real contract, {@link ContractPeer} behind {@link PeerServer}, because no Fabric network can
 * run on these machines (the Go module proxy refuses Fabric's modules): this shows the gateway and
 * the contract agreeing on RegisterRobot and RevokeRobot, not that a real peer accepts them.
 */
class RobotLedgerIT {

    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    private static final ObjectMapper JSON = new ObjectMapper();

    @RegisterExtension
    static final JournalAndBroker infra = new JournalAndBroker();

    @TempDir
    Path dir;
    private Path tlsCaFile;
    private CertificateAuthority.Issued clientIdentity;
    private CertificateAuthority.Issued peerTls;

    @BeforeEach
    void crypto() throws Exception {
        CertificateAuthority tlsCa = CertificateAuthority.newCa("tlsca.manufacturer.test");
        tlsCaFile = tlsCa.writeCaCertificate(dir.resolve("tlsca.manufacturer.test-cert.pem"));
        peerTls = tlsCa.issue("peer0.manufacturer.test", "peer0.manufacturer.test", dir);
        clientIdentity = CertificateAuthority.newCa("ca.manufacturer.test").issue("Admin@manufacturer.test", null, dir);
    }

    private PeerServer peer(long firstBlock) throws Exception {
        return new PeerServer(new ContractPeer(firstBlock), peerTls.certificateFile(), peerTls.privateKeyFile()).start();
    }

    private InProcessGateway gateway(PeerServer peer) {
        return InProcessGateway.start(infra.postgres(), infra.broker().uri(), "robot-ledger-" + UUID.randomUUID(),
                "gateway.ledger.peer-endpoint=127.0.0.1:" + peer.port(),
                "gateway.ledger.tls-server-name=peer0.manufacturer.test",
                "gateway.ledger.tls-ca-cert-file=" + tlsCaFile,
                "gateway.ledger.certificate-file=" + clientIdentity.certificateFile(),
                "gateway.ledger.private-key-file=" + clientIdentity.privateKeyFile(),
                "gateway.anchoring.max-age=1h");
    }

    private static Map<String, String> registration(TestRobot robot) {
        Map<String, String> body = new LinkedHashMap<>();
        body.put("robotId", robot.robotId());
        body.put("publicKey", robot.publicKeyBase64());
        body.put("model", "KR-16 arc welder");
        body.put("site", "plant-1");
        body.put("line", "line-2");
        body.put("station", "station-4");
        return body;
    }

    private static EntityExchangeResult<String> post(InProcessGateway gateway, String uri, Object body) {
        var request = gateway.web().post().uri(uri);
        return (body == null ? request.exchange() : request.bodyValue(body).exchange())
                .expectBody(String.class).returnResult();
    }

    private static int robotStatus(InProcessGateway gateway, TestRobot robot) {
        return gateway.web().get().uri("/api/robots/{id}", robot.robotId()).exchange()
                .expectBody(String.class).returnResult().getStatus().value();
    }

    @Test
    void registrationIsRecordedOnTheLedgerFirstAndARetryAfterALostAnswerIsAReplay() throws Exception {
        TestRobot robot = new TestRobot("led-press-" + UUID.randomUUID().toString().substring(0, 8));
        try (PeerServer peer = peer(5); InProcessGateway gateway = gateway(peer)) {
            ContractPeer ledger = peer.peer();
            ledger.loseNextCommitStatusAnswers(1);

            EntityExchangeResult<String> lost = post(gateway, "/api/robots", registration(robot));
            assertThat(lost.getStatus().value()).isEqualTo(503);
            JsonNode problem = JSON.readTree(lost.getResponseBody());
            assertThat(problem.get("title").asText()).isEqualTo("Ledger unavailable");
            assertThat(problem.get("detail").asText()).contains("register-" + robot.robotId(),
                    "the commit status of transaction " + problem.get("transactionId").asText() + " could not be read");
            assertThat(robotStatus(gateway, robot)).as("nothing in the gateway's table").isEqualTo(404);

            EntityExchangeResult<String> retried = post(gateway, "/api/robots", registration(robot));
            assertThat(retried.getStatus().value()).as(retried.getResponseBody()).isEqualTo(201);
            assertThat(robotStatus(gateway, robot)).isEqualTo(200);

            assertThat(ledger.proposals(REGISTER_ROBOT.functionName())).hasSize(2);
            ReceivedProposal first = ledger.proposals(REGISTER_ROBOT.functionName()).get(0);
            assertThat(ledger.proposals(REGISTER_ROBOT.functionName()).get(1).args()).isEqualTo(first.args());
            assertThat(first.creatorMspId()).isEqualTo("ManufacturerMSP");
            assertThat(first.signatureValid()).isTrue();
            assertThat(first.args().get(0)).startsWith("register-" + robot.robotId() + "-");
            JsonNode request = JSON.readTree(first.args().get(1));
            assertThat(request.get("robotId").asText()).isEqualTo(robot.robotId());
            assertThat(request.get("model").asText()).isEqualTo("KR-16 arc welder");
            assertThat(request.get("site").asText()).isEqualTo("plant-1");
            assertThat(request.get("line").asText()).isEqualTo("line-2");
            assertThat(request.get("station").asText()).isEqualTo("station-4");
            assertThat(Base64.getEncoder().encodeToString(der(request.get("publicKeyPem").asText())))
                    .isEqualTo(robot.publicKeyBase64());
            assertThat(ledger.recordedEvents()).as("recorded once, by the first transaction")
                    .containsExactly(Map.entry(first.args().get(0), first.transactionId()));
            assertThat(ledger.robots()).containsOnlyKeys(robot.robotId());
        }
    }

    @Test
    void whileThePeerIsDownRegistrationAnswers503AndRecordsNothingThenARetrySucceeds() throws Exception {
        TestRobot robot = new TestRobot("led-lathe-" + UUID.randomUUID().toString().substring(0, 8));
        try (PeerServer peer = peer(20)) {
            peer.stop();
            try (InProcessGateway gateway = gateway(peer)) {
                EntityExchangeResult<String> down = post(gateway, "/api/robots", registration(robot));

                assertThat(down.getStatus().value()).isEqualTo(503);
                assertThat(JSON.readTree(down.getResponseBody()).get("detail").asText())
                        .contains("the peer did not answer", robot.robotId(), "UNAVAILABLE");
                assertThat(robotStatus(gateway, robot)).isEqualTo(404);
                assertThat(infra.db().jdbc().queryForObject("SELECT count(*) FROM robots WHERE robot_id = ?",
                        Long.class, robot.robotId())).isZero();

                peer.start();
                // gRPC waits before reconnecting after a failure: the operator's retries cover that.
                Await.until("the registration accepted once the peer is back", TIMEOUT,
                        () -> post(gateway, "/api/robots", registration(robot)).getStatus().value() == 201);
                assertThat(robotStatus(gateway, robot)).isEqualTo(200);
                assertThat(peer.peer().robots()).containsOnlyKeys(robot.robotId());
                assertThat(peer.peer().commits()).hasSize(1);
            }
        }
    }

    @Test
    void withALedgerAMissingDetailIsRefusedNamingTheField() throws Exception {
        TestRobot robot = new TestRobot("led-saw-" + UUID.randomUUID().toString().substring(0, 8));
        try (PeerServer peer = peer(1); InProcessGateway gateway = gateway(peer)) {
            Map<String, String> body = registration(robot);
            body.remove("station");

            EntityExchangeResult<String> refused = post(gateway, "/api/robots", body);

            assertThat(refused.getStatus().value()).isEqualTo(400);
            assertThat(JSON.readTree(refused.getResponseBody()).get("detail").asText())
                    .isEqualTo("station of robot " + robot.robotId()
                            + " is missing; it is required when the gateway records robots on the ledger");
            assertThat(peer.peer().proposals()).isEmpty();
            assertThat(robotStatus(gateway, robot)).isEqualTo(404);
        }
    }

    @Test
    void aRobotTheLedgerHoldsWithAnotherKeyIsA409AndNotRegisteredHere() throws Exception {
        TestRobot robot = new TestRobot("led-mill-" + UUID.randomUUID().toString().substring(0, 8));
        TestRobot impostor = new TestRobot(robot.robotId());
        try (PeerServer peer = peer(1); InProcessGateway gateway = gateway(peer)) {
            peer.peer().registerRobot("ManufacturerMSP", robot.robotId(), impostor.keys().getPublic());

            EntityExchangeResult<String> conflict = post(gateway, "/api/robots", registration(robot));

            assertThat(conflict.getStatus().value()).isEqualTo(409);
            assertThat(JSON.readTree(conflict.getResponseBody()).get("detail").asText())
                    .isEqualTo("robot " + robot.robotId() + " is already registered on the ledger with a different key");
            assertThat(robotStatus(gateway, robot)).isEqualTo(404);
            assertThat(peer.peer().commits()).isEmpty();
        }
    }

    @Test
    void revocationRefusesTheRobotAtOnceAndReachesTheLedgerOnARetryAfterAnOutage() throws Exception {
        TestRobot robot = new TestRobot("led-drill-" + UUID.randomUUID().toString().substring(0, 8));
        try (PeerServer peer = peer(40); InProcessGateway gateway = gateway(peer);
             Publisher publisher = new Publisher(infra.broker().uri(), "robot-" + robot.robotId())) {
            assertThat(post(gateway, "/api/robots", registration(robot)).getStatus().value()).isEqualTo(201);
            peer.stop();

            EntityExchangeResult<String> pending = post(gateway, "/api/robots/" + robot.robotId() + "/revoke", null);

            assertThat(pending.getStatus().value()).isEqualTo(503);
            assertThat(JSON.readTree(pending.getResponseBody()).get("detail").asText())
                    .startsWith("robot " + robot.robotId() + " is revoked in the gateway (its messages are refused)"
                            + " but the revocation is not on the ledger yet")
                    .endsWith("revoke it again to complete it");
            publisher.publish(robot, robot.window(2));
            Await.until("the revoked robot's window dead-lettered", TIMEOUT, () -> infra.db().jdbc().queryForObject(
                    "SELECT count(*) FROM dead_letters WHERE reason = 'REVOKED_ROBOT' AND robot_id = ?", Long.class,
                    robot.robotId()) == 1);
            assertThat(peer.peer().robots().get(robot.robotId()).get("status").asText()).isEqualTo("ACTIVE");

            peer.start();
            Await.until("the revocation completed on the ledger", TIMEOUT,
                    () -> post(gateway, "/api/robots/" + robot.robotId() + "/revoke", null).getStatus().value() == 200);
            assertThat(peer.peer().robots().get(robot.robotId()).get("status").asText()).isEqualTo("REVOKED");
            ReceivedProposal revoke = peer.peer().proposals(REVOKE_ROBOT.functionName()).get(0);
            assertThat(revoke.args().get(0)).isEqualTo("revoke-" + robot.robotId());
            assertThat(revoke.creatorMspId()).isEqualTo("ManufacturerMSP");
            assertThat(revoke.signatureValid()).isTrue();
            assertThat(peer.peer().recordedEvents()).containsKey("revoke-" + robot.robotId());
            assertThat(peer.peer().commits()).as("the registration and the revocation").hasSize(2);
        }
    }

    private static byte[] der(String pem) {
        return Base64.getDecoder().decode(pem.replaceAll("-----(BEGIN|END) PUBLIC KEY-----", "").replaceAll("\\s", ""));
    }
}
