package dev.robotledger.gateway.telemetry.fabric;

import static dev.robotledger.contract.ContractTransaction.GET_ROBOT;
import static dev.robotledger.contract.ContractTransaction.RECORD_ANCHOR;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.robotledger.gateway.testing.Await;
import dev.robotledger.gateway.testing.FabricGateways;
import dev.robotledger.gateway.testing.InProcessGateway;
import dev.robotledger.gateway.testing.JournalAndBroker;
import dev.robotledger.gateway.testing.JournalDatabase;
import dev.robotledger.gateway.testing.LedgerTests;
import dev.robotledger.gateway.testing.LedgerTransaction;
import dev.robotledger.gateway.testing.LedgerUnderTest;
import dev.robotledger.gateway.testing.Publisher;
import dev.robotledger.gateway.testing.TestRobot;
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
import org.hyperledger.fabric.protos.peer.TxValidationCode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * Readings through a real broker and the real PostgreSQL journal into batches, and batches through
 * the production ledger adapter (LedgerConnection: TLS gRPC over shaded Netty, the org identity;
 * FabricAnchorSubmitter; the batcher's back-off) to a {@link LedgerUnderTest}: the embedded ledger
 * ({@link LedgerAnchoringIT}) or the tests' Fabric network ({@link LedgerAnchoringFabricIT}). What
 * reached the ledger is read from its blocks, never through the gateway.
 */
abstract class LedgerAnchoringTests<L extends LedgerUnderTest> extends LedgerTests<L> {

    static final Duration TIMEOUT = Duration.ofSeconds(60);
    private static final ObjectMapper JSON = new ObjectMapper();

    @RegisterExtension
    static final JournalAndBroker infra = new JournalAndBroker();

    List<String> ledgerSettings(String... more) {
        List<String> settings = new ArrayList<>(List.of(ledger.gatewaySettings(
                "manufacturer",
                "gateway.anchoring.max-age=1h",
                "gateway.anchoring.submit-retry-initial=100ms",
                "gateway.anchoring.submit-retry-max=800ms")));
        settings.addAll(List.of(more));
        return settings;
    }

    /** This test's RecordAnchor transactions on the ledger, in block order. */
    List<LedgerTransaction> anchorTransactions() {
        return ledger.transactionsFrom(startHeight, RECORD_ANCHOR);
    }

    InProcessGateway gateway(String clientId, List<String> settings) {
        InProcessGateway gateway = InProcessGateway.start(
                infra.postgres(), infra.broker().uri(), clientId, settings.toArray(String[]::new));
        FabricGateways.separateAnchorBatchIds(gateway);
        return gateway;
    }

    @Test
    void readingsAreAnchoredThroughTheFabricAdapterAndTheirProofsNameTheTransaction() throws Exception {
        TestRobot press =
                new TestRobot("fab-press-" + UUID.randomUUID().toString().substring(0, 8));
        TestRobot welder =
                new TestRobot("fab-welder-" + UUID.randomUUID().toString().substring(0, 8));
        String clientId = "fabric-anchoring-" + UUID.randomUUID();
        try (InProcessGateway gateway = gateway(clientId, ledgerSettings("gateway.anchoring.max-readings=20"));
                Publisher publisher = new Publisher(infra.broker().uri(), "robot-" + clientId)) {
            JournalDatabase db = infra.db();
            gateway.register(press);
            gateway.register(welder);
            publisher.publish(press, press.window(10));
            publisher.publish(welder, welder.window(10));
            Await.until(
                    "the first batch anchored",
                    TIMEOUT,
                    () -> anchoredBatches(db, press, welder).size() == 1);
            publisher.publish(press, press.window(10));
            publisher.publish(press, press.window(10));
            Await.until(
                    "two batches anchored",
                    TIMEOUT,
                    () -> anchoredBatches(db, press, welder).size() == 2,
                    () -> anchoredBatches(db, press, welder));

            List<Map<String, Object>> batches = anchoredBatches(db, press, welder);
            List<LedgerTransaction> anchors = anchorTransactions();
            assertThat(anchors).hasSize(2);
            for (TestRobot robot : List.of(press, welder)) {
                assertThat(ledger.evaluate("manufacturer", GET_ROBOT, robot.robotId()))
                        .as("registered on the ledger through the API first")
                        .contains(robot.robotId());
            }
            List<List<String>> robotsPerBatch = List.of(
                    List.of(press.robotId(), welder.robotId()).stream().sorted().toList(), List.of(press.robotId()));
            for (int i = 0; i < 2; i++) {
                Map<String, Object> batch = batches.get(i);
                String eventId =
                        "anchor-" + batch.get("batch_id") + "-" + new Digest((byte[]) batch.get("merkle_root")).hex();
                LedgerTransaction committed = anchors.get(i);
                assertThat(batch)
                        .containsEntry("transaction_id", committed.transactionId())
                        .containsEntry("block_number", committed.blockNumber())
                        .containsEntry("ledger_channel", "provenance")
                        .containsEntry("chaincode", "provenance");
                assertThat(committed.code()).isEqualTo(TxValidationCode.VALID);
                assertThat(committed.creatorMspId()).isEqualTo("ManufacturerMSP");
                assertThat(committed.args().get(0)).isEqualTo(eventId);
                JsonNode report = JSON.readTree(committed.args().get(1));
                assertThat(report.get("readingCount").asInt()).isEqualTo(20);
                assertThat(report.get("merkleRoot").asString())
                        .isEqualTo(new Digest((byte[]) batch.get("merkle_root")).hex());
                assertThat(report.get("robotIds"))
                        .extracting(JsonNode::asString)
                        .containsExactlyElementsOf(robotsPerBatch.get(i));
            }

            byte[] body = gateway.web()
                    .get()
                    .uri("/api/readings/{robotId}/{readingSeq}/proof", press.robotId(), 15)
                    .exchange()
                    .expectStatus()
                    .isOk()
                    .expectBody()
                    .returnResult()
                    .getResponseBody();
            ReadingInclusionProof proof = ReadingInclusionProof.parse(body);
            LedgerTransaction second = anchors.get(1);
            assertThat(proof.anchor())
                    .contains(
                            new LedgerAnchor(second.transactionId(), second.blockNumber(), "provenance", "provenance"));
            ProofVerification verification = proof.verify(press.keys().getPublic());
            assertThat(verification.cryptographicallyValid())
                    .as("%s", verification)
                    .isTrue();
            assertThat(verification.anchorPresent()).isTrue();

            assertThat(gateway.counter("gateway.anchor.batches.anchored")).isEqualTo(2.0);
            assertThat(gateway.meters()
                            .get("gateway.anchor.submission.latency")
                            .timer()
                            .count())
                    .isEqualTo(2);
            assertThat(gateway.meters().get("gateway.ledger.reachable").gauge().value())
                    .isEqualTo(1.0);
        }
    }

    @Test
    void whileThePeerIsDownBatchesWaitAndTheBatcherBacksOffThenEveryBatchIsAnchoredOnce() throws Exception {
        TestRobot robot =
                new TestRobot("fab-lathe-" + UUID.randomUUID().toString().substring(0, 8));
        String clientId = "fabric-outage-" + UUID.randomUUID();
        try (InProcessGateway gateway = gateway(clientId, ledgerSettings("gateway.anchoring.max-readings=10"));
                Publisher publisher = new Publisher(infra.broker().uri(), "robot-" + clientId)) {
            JournalDatabase db = infra.db();
            // Registration needs the ledger (it goes there first); the outage starts after it.
            gateway.register(robot);
            ledger.stopPeer();
            for (int i = 0; i < 3; i++) {
                publisher.publish(robot, robot.window(10));
            }
            Await.until(
                    "three batches sealed",
                    TIMEOUT,
                    () -> batchStates(db, robot).size() == 3);
            // Doubling from 100 ms reaches the 800 ms bound only after four failed attempts in a row.
            Await.until(
                    "the back-off at its bound",
                    TIMEOUT,
                    () -> gateway.meters()
                                    .get("gateway.anchor.submission.backoff")
                                    .gauge()
                                    .value()
                            == 0.8);
            assertThat(gateway.meters().get("gateway.ledger.reachable").gauge().value())
                    .isEqualTo(0.0);
            assertThat(gateway.counter("gateway.anchor.submission.failures", "reason", "LEDGER_UNREACHABLE"))
                    .isGreaterThanOrEqualTo(4.0);

            // Ingestion goes on while the ledger is away.
            publisher.publish(robot, robot.window(10));
            Await.until(
                    "a fourth batch sealed",
                    TIMEOUT,
                    () -> batchStates(db, robot).size() == 4);
            assertThat(batchStates(db, robot).values()).containsOnly("PENDING_SUBMISSION");
            assertThat(anchorTransactions()).isEmpty();

            ledger.startPeer();
            Await.until(
                    "all four batches anchored",
                    TIMEOUT,
                    () -> batchStates(db, robot).values().stream().allMatch("ANCHORED"::equals),
                    () -> batchStates(db, robot));

            List<Long> batchIds = List.copyOf(batchStates(db, robot).keySet());
            List<Map<String, Object>> rows = db.jdbc().queryForList("""
                    SELECT batch_id, merkle_root, transaction_id, block_number FROM anchor_batches
                    WHERE batch_id = ANY (?) ORDER BY batch_id""", (Object) batchIds.toArray(Long[]::new));
            List<String> eventIdsInBatchOrder = rows.stream()
                    .map(row ->
                            "anchor-" + row.get("batch_id") + "-" + new Digest((byte[]) row.get("merkle_root")).hex())
                    .toList();
            List<LedgerTransaction> anchors = anchorTransactions();
            // Pending batches go to the ledger many at once, so they may commit in any order.
            assertThat(anchors)
                    .as("recorded once each")
                    .extracting(tx -> tx.args().get(0))
                    .containsExactlyInAnyOrderElementsOf(eventIdsInBatchOrder);
            assertThat(anchors).extracting(LedgerTransaction::code).containsOnly(TxValidationCode.VALID);
            for (int i = 0; i < 4; i++) {
                String eventId = eventIdsInBatchOrder.get(i);
                LedgerTransaction anchor = anchors.stream()
                        .filter(tx -> tx.args().get(0).equals(eventId))
                        .findFirst()
                        .orElseThrow();
                assertThat(rows.get(i))
                        .containsEntry("transaction_id", anchor.transactionId())
                        .containsEntry("block_number", anchor.blockNumber());
            }
            Await.until(
                    "the ledger reported reachable again",
                    TIMEOUT,
                    () -> gateway.meters()
                                    .get("gateway.ledger.reachable")
                                    .gauge()
                                    .value()
                            == 1.0);
            assertThat(gateway.meters()
                            .get("gateway.anchor.submission.backoff")
                            .gauge()
                            .value())
                    .isZero();
        }
    }

    @Test
    void gatewayRefusesToStartWhenTheConfiguredCertificateFileIsMissing() throws Exception {
        Path missing = dir.resolve("msp/signcerts/cert.pem");
        List<String> settings = ledgerSettings();
        settings.replaceAll(setting -> setting.startsWith("gateway.ledger.certificate-file=")
                ? "gateway.ledger.certificate-file=" + missing
                : setting);

        assertThatThrownBy(() ->
                        gateway("fabric-refused-" + UUID.randomUUID(), settings).close())
                .hasStackTraceContaining("gateway.ledger.certificate-file names " + missing.toAbsolutePath()
                        + ", which is not a readable file");
    }

    static List<Map<String, Object>> anchoredBatches(JournalDatabase db, TestRobot... robots) {
        return db.jdbc().queryForList("""
                SELECT b.batch_id, b.merkle_root, b.transaction_id, b.block_number, b.ledger_channel, b.chaincode
                FROM anchor_batches b
                WHERE b.state = 'ANCHORED' AND EXISTS (SELECT 1 FROM envelopes e
                                                      WHERE e.batch_id = b.batch_id AND e.robot_id = ANY (?))
                ORDER BY b.batch_id""", (Object)
                java.util.Arrays.stream(robots).map(TestRobot::robotId).toArray(String[]::new));
    }

    /** The robot's batches, by id, with their states. */
    static Map<Long, String> batchStates(JournalDatabase db, TestRobot robot) {
        Map<Long, String> states = new java.util.TreeMap<>();
        db.jdbc()
                .query(
                        """
                SELECT DISTINCT b.batch_id, b.state FROM anchor_batches b JOIN envelopes e ON e.batch_id = b.batch_id
                WHERE e.robot_id = ?""",
                        row -> {
                            states.put(row.getLong(1), row.getString(2));
                        },
                        robot.robotId());
        return states;
    }
}
