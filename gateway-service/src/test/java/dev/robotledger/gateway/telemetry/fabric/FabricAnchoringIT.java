package dev.robotledger.gateway.telemetry.fabric;

import static dev.robotledger.contract.ContractTransaction.RECORD_ANCHOR;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.robotledger.gateway.testing.Await;
import dev.robotledger.gateway.testing.InProcessGateway;
import dev.robotledger.gateway.testing.JournalAndBroker;
import dev.robotledger.gateway.testing.JournalDatabase;
import dev.robotledger.gateway.testing.Publisher;
import dev.robotledger.gateway.testing.TestRobot;
import dev.robotledger.ledger.embedded.CertificateAuthority;
import dev.robotledger.ledger.embedded.ContractPeer;
import dev.robotledger.ledger.embedded.ContractPeer.Committed;
import dev.robotledger.ledger.embedded.ContractPeer.ReceivedProposal;
import dev.robotledger.ledger.embedded.PeerServer;
import dev.robotledger.wire.merkle.Digest;
import dev.robotledger.wire.proof.LedgerAnchor;
import dev.robotledger.wire.proof.ProofVerification;
import dev.robotledger.wire.proof.ReadingInclusionProof;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Readings through a real broker and the real PostgreSQL journal into batches, and batches through
 * the production ledger adapter (LedgerConnection: TLS gRPC over shaded Netty, the org identity;
 * FabricAnchorSubmitter; the batcher's back-off) to a peer. The peer is a test double running the
 * real contract, {@link ContractPeer} behind {@link PeerServer}, because no Fabric network can run
 * on these machines (the Go module proxy refuses Fabric's modules): this shows the gateway and the
 * contract agreeing, not that a real peer accepts it.
 */
class FabricAnchoringIT {

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
        // As an org's MSP folder holds them: the peer's TLS CA, the client's signcert and keystore key.
        CertificateAuthority tlsCa = CertificateAuthority.newCa("tlsca.manufacturer.test");
        tlsCaFile = tlsCa.writeCaCertificate(dir.resolve("tlsca.manufacturer.test-cert.pem"));
        peerTls = tlsCa.issue("peer0.manufacturer.test", "peer0.manufacturer.test", dir);
        clientIdentity = CertificateAuthority.newCa("ca.manufacturer.test").issue("Admin@manufacturer.test", null, dir);
    }

    private List<String> ledgerSettings(PeerServer peer, String... more) {
        List<String> settings = new ArrayList<>(List.of(
                // Connect by address and check the certificate's name, as with a peer behind a load balancer.
                "gateway.ledger.peer-endpoint=127.0.0.1:" + peer.port(),
                "gateway.ledger.tls-server-name=peer0.manufacturer.test",
                "gateway.ledger.tls-ca-cert-file=" + tlsCaFile,
                "gateway.ledger.certificate-file=" + clientIdentity.certificateFile(),
                "gateway.ledger.private-key-file=" + clientIdentity.privateKeyFile(),
                "gateway.anchoring.max-age=1h",
                "gateway.anchoring.submit-retry-initial=100ms",
                "gateway.anchoring.submit-retry-max=800ms"));
        settings.addAll(List.of(more));
        return settings;
    }

    private InProcessGateway gateway(String clientId, List<String> settings) {
        return InProcessGateway.start(infra.postgres(), infra.broker().uri(), clientId, settings.toArray(String[]::new));
    }

    @Test
    void readingsAreAnchoredThroughTheFabricAdapterAndTheirProofsNameTheTransaction() throws Exception {
        TestRobot press = new TestRobot("fab-press-" + UUID.randomUUID().toString().substring(0, 8));
        TestRobot welder = new TestRobot("fab-welder-" + UUID.randomUUID().toString().substring(0, 8));
        String clientId = "fabric-anchoring-" + UUID.randomUUID();
        try (PeerServer peer = new PeerServer(new ContractPeer(12), peerTls.certificateFile(),
                     peerTls.privateKeyFile()).start();
             InProcessGateway gateway = gateway(clientId, ledgerSettings(peer, "gateway.anchoring.max-readings=20"));
             Publisher publisher = new Publisher(infra.broker().uri(), "robot-" + clientId)) {
            JournalDatabase db = infra.db();
            gateway.register(press);
            gateway.register(welder);
            publisher.publish(press, press.window(10));
            publisher.publish(welder, welder.window(10));
            Await.until("the first batch anchored", TIMEOUT, () -> anchoredBatches(db, press, welder).size() == 1);
            publisher.publish(press, press.window(10));
            publisher.publish(press, press.window(10));
            Await.until("two batches anchored", TIMEOUT, () -> anchoredBatches(db, press, welder).size() == 2,
                    () -> anchoredBatches(db, press, welder));

            ContractPeer ledger = peer.peer();
            List<Map<String, Object>> batches = anchoredBatches(db, press, welder);
            List<ReceivedProposal> anchors = ledger.proposals(RECORD_ANCHOR.functionName());
            assertThat(anchors).hasSize(2);
            assertThat(ledger.commits(RECORD_ANCHOR.functionName())).hasSize(2);
            assertThat(ledger.robots()).as("registered on the ledger through the API first")
                    .containsOnlyKeys(press.robotId(), welder.robotId());
            List<List<String>> robotsPerBatch = List.of(List.of(press.robotId(), welder.robotId()).stream().sorted().toList(),
                    List.of(press.robotId()));
            for (int i = 0; i < 2; i++) {
                Map<String, Object> batch = batches.get(i);
                String eventId = "anchor-" + batch.get("batch_id") + "-" + new Digest((byte[]) batch.get("merkle_root")).hex();
                Committed committed = ledger.commits(RECORD_ANCHOR.functionName()).get(i);
                assertThat(batch).containsEntry("transaction_id", committed.transactionId())
                        .containsEntry("block_number", committed.blockNumber())
                        .containsEntry("ledger_channel", "provenance").containsEntry("chaincode", "provenance");
                assertThat(ledger.recordedEvents()).containsEntry(eventId, committed.transactionId());
                ReceivedProposal proposal = anchors.get(i);
                assertThat(proposal.creatorMspId()).isEqualTo("ManufacturerMSP");
                assertThat(proposal.signatureValid()).isTrue();
                assertThat(proposal.args().get(0)).isEqualTo(eventId);
                JsonNode report = JSON.readTree(proposal.args().get(1));
                assertThat(report.get("readingCount").asInt()).isEqualTo(20);
                assertThat(report.get("merkleRoot").asText()).isEqualTo(new Digest((byte[]) batch.get("merkle_root")).hex());
                assertThat(report.get("robotIds")).extracting(JsonNode::asText)
                        .containsExactlyElementsOf(robotsPerBatch.get(i));
            }

            byte[] body = gateway.web().get().uri("/api/readings/{robotId}/{readingSeq}/proof", press.robotId(), 15)
                    .exchange().expectStatus().isOk().expectBody().returnResult().getResponseBody();
            ReadingInclusionProof proof = ReadingInclusionProof.parse(body);
            Committed second = ledger.commits(RECORD_ANCHOR.functionName()).get(1);
            assertThat(proof.anchor()).contains(new LedgerAnchor(second.transactionId(), second.blockNumber(),
                    "provenance", "provenance"));
            ProofVerification verification = proof.verify(press.keys().getPublic());
            assertThat(verification.cryptographicallyValid()).as("%s", verification).isTrue();
            assertThat(verification.anchorPresent()).isTrue();

            assertThat(gateway.counter("gateway.anchor.batches.anchored")).isEqualTo(2.0);
            assertThat(gateway.meters().get("gateway.anchor.submission.latency").timer().count()).isEqualTo(2);
            assertThat(gateway.meters().get("gateway.ledger.reachable").gauge().value()).isEqualTo(1.0);
        }
    }

    @Test
    void whileThePeerIsDownBatchesWaitAndTheBatcherBacksOffThenEveryBatchIsAnchoredOnceInOrder() throws Exception {
        TestRobot robot = new TestRobot("fab-lathe-" + UUID.randomUUID().toString().substring(0, 8));
        String clientId = "fabric-outage-" + UUID.randomUUID();
        try (PeerServer peer = new PeerServer(new ContractPeer(30), peerTls.certificateFile(),
                     peerTls.privateKeyFile()).start()) {
            try (InProcessGateway gateway = gateway(clientId, ledgerSettings(peer, "gateway.anchoring.max-readings=10"));
                 Publisher publisher = new Publisher(infra.broker().uri(), "robot-" + clientId)) {
                JournalDatabase db = infra.db();
                // Registration needs the ledger (it goes there first); the outage starts after it.
                gateway.register(robot);
                peer.stop();
                for (int i = 0; i < 3; i++) {
                    publisher.publish(robot, robot.window(10));
                }
                Await.until("three batches sealed", TIMEOUT, () -> batchStates(db, robot).size() == 3);
                // Doubling from 100 ms reaches the 800 ms bound only after four failed attempts in a row.
                Await.until("the back-off at its bound", TIMEOUT,
                        () -> gateway.meters().get("gateway.anchor.submission.backoff").gauge().value() == 0.8);
                assertThat(gateway.meters().get("gateway.ledger.reachable").gauge().value()).isEqualTo(0.0);
                assertThat(gateway.counter("gateway.anchor.submission.failures", "reason", "LEDGER_UNREACHABLE"))
                        .isGreaterThanOrEqualTo(4.0);

                // Ingestion goes on while the ledger is away.
                publisher.publish(robot, robot.window(10));
                Await.until("a fourth batch sealed", TIMEOUT, () -> batchStates(db, robot).size() == 4);
                assertThat(batchStates(db, robot).values()).containsOnly("PENDING_SUBMISSION");
                assertThat(peer.peer().proposals(RECORD_ANCHOR.functionName())).isEmpty();

                peer.start();
                Await.until("all four batches anchored", TIMEOUT,
                        () -> batchStates(db, robot).values().stream().allMatch("ANCHORED"::equals),
                        () -> batchStates(db, robot));

                List<Long> batchIds = List.copyOf(batchStates(db, robot).keySet());
                List<Map<String, Object>> rows = db.jdbc().queryForList("""
                        SELECT batch_id, merkle_root, transaction_id, block_number FROM anchor_batches
                        WHERE batch_id = ANY (?) ORDER BY batch_id""", (Object) batchIds.toArray(Long[]::new));
                List<String> eventIdsInBatchOrder = rows.stream().map(row -> "anchor-" + row.get("batch_id") + "-"
                        + new Digest((byte[]) row.get("merkle_root")).hex()).toList();
                ContractPeer ledger = peer.peer();
                assertThat(ledger.recordedEvents().keySet().stream().filter(id -> id.startsWith("anchor-")).toList())
                        .as("recorded once each, in batch order")
                        .containsExactlyElementsOf(eventIdsInBatchOrder);
                List<Committed> anchors = ledger.commits(RECORD_ANCHOR.functionName());
                assertThat(anchors).hasSize(4);
                assertThat(anchors).extracting(Committed::blockNumber).isSorted();
                for (int i = 0; i < 4; i++) {
                    assertThat(rows.get(i)).containsEntry("transaction_id", anchors.get(i).transactionId())
                            .containsEntry("block_number", anchors.get(i).blockNumber());
                }
                Await.until("the ledger reported reachable again", TIMEOUT,
                        () -> gateway.meters().get("gateway.ledger.reachable").gauge().value() == 1.0);
                assertThat(gateway.meters().get("gateway.anchor.submission.backoff").gauge().value()).isZero();
            }
        }
    }

    @Test
    void aLostCommitAnswerIsRetriedAndTheJournalRecordsTheOriginalTransaction() throws Exception {
        TestRobot robot = new TestRobot("fab-drill-" + UUID.randomUUID().toString().substring(0, 8));
        String clientId = "fabric-replay-" + UUID.randomUUID();
        ContractPeer ledger = new ContractPeer(50);
        try (PeerServer peer = new PeerServer(ledger, peerTls.certificateFile(), peerTls.privateKeyFile()).start();
             InProcessGateway gateway = gateway(clientId, ledgerSettings(peer, "gateway.anchoring.max-readings=10"));
             Publisher publisher = new Publisher(infra.broker().uri(), "robot-" + clientId)) {
            JournalDatabase db = infra.db();
            gateway.register(robot);
            ledger.loseNextCommitStatusAnswers(1);
            publisher.publish(robot, robot.window(10));
            Await.until("the batch anchored", TIMEOUT,
                    () -> batchStates(db, robot).values().stream().anyMatch("ANCHORED"::equals));

            Committed original = ledger.commits(RECORD_ANCHOR.functionName()).get(0);
            long batchId = batchStates(db, robot).keySet().iterator().next();
            assertThat(db.jdbc().queryForMap("SELECT transaction_id, block_number FROM anchor_batches WHERE batch_id = ?",
                    batchId)).containsEntry("transaction_id", original.transactionId())
                    .containsEntry("block_number", original.blockNumber());
            assertThat(ledger.proposals(RECORD_ANCHOR.functionName())).hasSize(2);
            assertThat(ledger.commits(RECORD_ANCHOR.functionName())).as("the retry was a replay, not a second entry").hasSize(1);
            assertThat(ledger.recordedEvents().keySet()).filteredOn(id -> id.startsWith("anchor-")).hasSize(1);
        }
    }

    @Test
    void gatewayRefusesToStartWhenTheConfiguredCertificateFileIsMissing() throws Exception {
        Path missing = dir.resolve("msp/signcerts/cert.pem");
        try (PeerServer peer = new PeerServer(new ContractPeer(1), peerTls.certificateFile(),
                peerTls.privateKeyFile()).start()) {
            List<String> settings = new ArrayList<>(ledgerSettings(peer));
            settings.replaceAll(setting -> setting.startsWith("gateway.ledger.certificate-file=")
                    ? "gateway.ledger.certificate-file=" + missing : setting);

            assertThatThrownBy(() -> gateway("fabric-refused-" + UUID.randomUUID(), settings).close())
                    .hasStackTraceContaining("gateway.ledger.certificate-file names " + missing.toAbsolutePath()
                            + ", which is not a readable file");
        }
    }

    private static List<Map<String, Object>> anchoredBatches(JournalDatabase db, TestRobot... robots) {
        return db.jdbc().queryForList("""
                SELECT b.batch_id, b.merkle_root, b.transaction_id, b.block_number, b.ledger_channel, b.chaincode
                FROM anchor_batches b
                WHERE b.state = 'ANCHORED' AND EXISTS (SELECT 1 FROM envelopes e
                                                      WHERE e.batch_id = b.batch_id AND e.robot_id = ANY (?))
                ORDER BY b.batch_id""", (Object) java.util.Arrays.stream(robots).map(TestRobot::robotId)
                .toArray(String[]::new));
    }

    /** The robot's batches, by id, with their states. */
    private static Map<Long, String> batchStates(JournalDatabase db, TestRobot robot) {
        Map<Long, String> states = new java.util.TreeMap<>();
        db.jdbc().query("""
                SELECT DISTINCT b.batch_id, b.state FROM anchor_batches b JOIN envelopes e ON e.batch_id = b.batch_id
                WHERE e.robot_id = ?""", row -> {
            states.put(row.getLong(1), row.getString(2));
        }, robot.robotId());
        return states;
    }
}
