package dev.robotledger.gateway.telemetry;

import static org.assertj.core.api.Assertions.assertThat;

import dev.robotledger.agent.testing.MosquittoBroker;
import dev.robotledger.gateway.testing.Await;
import dev.robotledger.gateway.testing.InProcessGateway;
import dev.robotledger.gateway.testing.JournalDatabase;
import dev.robotledger.gateway.testing.PostgresServer;
import dev.robotledger.gateway.testing.Publisher;
import dev.robotledger.gateway.testing.TestRobot;
import dev.robotledger.wire.merkle.Digest;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** Batching by size, and the hand-over to the ledger port, with a real journal and broker. */
class AnchoringIT {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    /** Test double at the ledger edge: no Fabric network can run here. It records what it was given. */
    static final class RecordingLedger implements AnchorSubmitter {
        final List<AnchorBatch> submitted = new CopyOnWriteArrayList<>();
        private final String channel;
        private final String chaincode;

        RecordingLedger() {
            this("test-double-channel", "test-double-chaincode");
        }

        RecordingLedger(String channel, String chaincode) {
            this.channel = channel;
            this.chaincode = chaincode;
        }

        @Override
        public AnchorReceipt submit(AnchorBatch batch) {
            submitted.add(batch);
            return new AnchorReceipt("test-double-tx-" + batch.batchId(), 100 + batch.batchId(), channel, chaincode);
        }
    }

    @Test
    void sealsFullBatchesBySizeAndRecordsTheLedgerReceiptOfEach() throws Exception {
        RecordingLedger ledger = new RecordingLedger();
        TestRobot robot = new TestRobot("anchored-1");
        String clientId = "anchoring-" + UUID.randomUUID();
        try (PostgresServer postgres = PostgresServer.start();
                MosquittoBroker broker = MosquittoBroker.start();
                InProcessGateway gateway = InProcessGateway.start(
                        postgres,
                        broker.uri(),
                        clientId,
                        List.of(ledger),
                        "gateway.anchoring.max-readings=50",
                        "gateway.anchoring.max-age=1h");
                Publisher publisher = new Publisher(broker.uri(), "robot-" + clientId)) {
            JournalDatabase db = new JournalDatabase(postgres);
            gateway.register(robot);
            for (int i = 0; i < 12; i++) {
                publisher.publish(robot, robot.window(10));
            }
            Await.until(
                    "120 readings journaled",
                    TIMEOUT,
                    () -> db.count("SELECT coalesce(sum(reading_count), 0) FROM envelopes") == 120);
            Await.until(
                    "two full batches anchored",
                    TIMEOUT,
                    () -> ledger.submitted.size() == 2
                            && db.count("SELECT count(*) FROM anchor_batches WHERE state = 'ANCHORED'") == 2);

            assertThat(ledger.submitted).extracting(AnchorBatch::readingCount).containsExactly(50, 50);
            for (AnchorBatch batch : ledger.submitted) {
                Map<String, Object> row = db.jdbc()
                        .queryForMap(
                                "SELECT merkle_root, transaction_id, block_number FROM anchor_batches WHERE batch_id = ?",
                                batch.batchId());
                assertThat(new Digest((byte[]) row.get("merkle_root"))).isEqualTo(batch.merkleRoot());
                assertThat(row)
                        .containsEntry("transaction_id", "test-double-tx-" + batch.batchId())
                        .containsEntry("block_number", 100 + batch.batchId());
            }
            // The remaining 20 readings are younger than max-age and fewer than max-readings: they wait.
            Await.until(
                    "the backlog gauge to show 20 pending readings",
                    TIMEOUT,
                    () -> gateway.meters()
                                    .get("gateway.readings.pending")
                                    .gauge()
                                    .value()
                            == 20.0);
            assertThat(db.count("SELECT count(*) FROM anchor_batches")).isEqualTo(2);
        }
    }
}
