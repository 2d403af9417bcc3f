package dev.robotledger.gateway.telemetry.fabric;

import static dev.robotledger.contract.ContractTransaction.RECORD_ANCHOR;
import static org.assertj.core.api.Assertions.assertThat;

import dev.robotledger.gateway.testing.Await;
import dev.robotledger.gateway.testing.EmbeddedLedger;
import dev.robotledger.gateway.testing.InProcessGateway;
import dev.robotledger.gateway.testing.JournalDatabase;
import dev.robotledger.gateway.testing.LedgerUnderTest;
import dev.robotledger.gateway.testing.Publisher;
import dev.robotledger.gateway.testing.TestRobot;
import dev.robotledger.ledger.embedded.ContractPeer;
import dev.robotledger.ledger.embedded.ContractPeer.Committed;
import java.nio.file.Path;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * {@link LedgerAnchoringTests} on the embedded ledger, a new one per test, and a commit answer
 * the double loses on purpose, which a Fabric peer cannot be told to do.
 */
class LedgerAnchoringIT extends LedgerAnchoringTests<EmbeddedLedger> {

    @Override
    protected EmbeddedLedger openLedger(Path dir) throws Exception {
        return LedgerUnderTest.embedded(dir, 12);
    }

    @Test
    void aLostCommitAnswerIsRetriedAndTheJournalRecordsTheOriginalTransaction() throws Exception {
        TestRobot robot =
                new TestRobot("fab-drill-" + UUID.randomUUID().toString().substring(0, 8));
        String clientId = "fabric-replay-" + UUID.randomUUID();
        ContractPeer peer = ledger.peer();
        try (InProcessGateway gateway = gateway(clientId, ledgerSettings("gateway.anchoring.max-readings=10"));
                Publisher publisher = new Publisher(infra.broker().uri(), "robot-" + clientId)) {
            JournalDatabase db = infra.db();
            gateway.register(robot);
            peer.loseNextCommitStatusAnswers(1);
            publisher.publish(robot, robot.window(10));
            Await.until(
                    "the batch anchored",
                    TIMEOUT,
                    () -> batchStates(db, robot).values().stream().anyMatch("ANCHORED"::equals));

            Committed original = peer.commits(RECORD_ANCHOR.functionName()).get(0);
            long batchId = batchStates(db, robot).keySet().iterator().next();
            assertThat(db.jdbc()
                            .queryForMap(
                                    "SELECT transaction_id, block_number FROM anchor_batches WHERE batch_id = ?",
                                    batchId))
                    .containsEntry("transaction_id", original.transactionId())
                    .containsEntry("block_number", original.blockNumber());
            assertThat(peer.proposals(RECORD_ANCHOR.functionName())).hasSize(2);
            assertThat(peer.commits(RECORD_ANCHOR.functionName()))
                    .as("the retry was a replay, not a second entry")
                    .hasSize(1);
            assertThat(peer.recordedEvents().keySet())
                    .filteredOn(id -> id.startsWith("anchor-"))
                    .hasSize(1);
        }
    }
}
