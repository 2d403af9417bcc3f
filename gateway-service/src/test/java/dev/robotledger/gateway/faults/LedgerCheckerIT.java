package dev.robotledger.gateway.faults;

import static dev.robotledger.contract.ContractTransaction.RECORD_ANCHOR;
import static dev.robotledger.contract.ContractTransaction.RECORD_PRODUCTION;
import static dev.robotledger.gateway.testing.ProductionPayloads.component;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.robotledger.gateway.ledger.PeerCredentials;
import dev.robotledger.gateway.testing.Await;
import dev.robotledger.gateway.testing.TestRobot;
import dev.robotledger.ledger.embedded.ContractPeer;
import dev.robotledger.ledger.embedded.PeerServer;
import dev.robotledger.wire.merkle.Digest;
import dev.robotledger.wire.merkle.MerkleTree;
import dev.robotledger.wire.message.Envelope;
import dev.robotledger.wire.message.MessageType;
import dev.robotledger.wire.message.ReadingProof;
import dev.robotledger.wire.proof.LedgerAnchor;
import dev.robotledger.wire.proof.ReadingInclusionProof;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The ledger checker finds what the fault suite must never see, on a ledger written behind the
 * gateway's back (the real contract on {@code ContractPeer}, the test double of a peer, served
 * over TLS): an acknowledged window and an acknowledged event that never reached the ledger, a
 * batch anchored twice and an event submitted twice, a batch and an event no robot sent, an event
 * whose good differs from the signed one, and a proof whose root is not the ledger's.
 *
 * <p>Embedded ledger only: the checker's verdict counts every anchor and event on the channel from
 * block 0, so it needs a ledger holding nothing but what the test wrote, which the tests' Fabric
 * network, kept across runs, never is; and the checker signs as a generated identity that no
 * Fabric channel's MSPs would accept.
 */
class LedgerCheckerIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final TestRobot robot = new TestRobot("lc-robot-1");

    @TempDir
    Path dir;

    private PeerServer server;
    private ContractPeer peer;
    private LedgerChecker checker;

    /** A ledger of its own with the robot registered, and a checker reading it as its own identity. */
    @BeforeEach
    void ledgerAndChecker() throws Exception {
        PeerCredentials credentials = PeerCredentials.issue(dir);
        server = credentials.serve(new ContractPeer());
        peer = server.peer();
        peer.registerRobot("ManufacturerMSP", robot.robotId(), robot.keys().getPublic());
        checker = LedgerChecker.connect(
                "127.0.0.1:" + server.port(), credentials.tlsCaFile(), credentials.tlsServerName(), dir);
    }

    @AfterEach
    void close() throws Exception {
        if (checker != null) {
            checker.close();
        }
        if (server != null) {
            server.close();
        }
    }

    /** Where a window sits: batch, tree, leaf and the anchor the "gateway" names in its proofs. */
    private record Placement(long batchId, MerkleTree tree, int leaf, LedgerAnchor anchor) {}

    @Test
    void findsLostDuplicatedAndInventedReadingsAndEventsOnTheLedger() throws Exception {
        Envelope anchored1 = robot.window(3);
        Envelope anchored2 = robot.window(3);
        Envelope lost = robot.window(3);
        Envelope invented = robot.window(3);
        Envelope produced = robot.event(MessageType.COMPONENT_PRODUCED, component("lc-part-5", "part"));
        Envelope neverRecorded = robot.event(MessageType.COMPONENT_PRODUCED, component("lc-part-6", "part"));
        Envelope neverSent = robot.event(MessageType.COMPONENT_PRODUCED, component("lc-part-7", "part"));
        Envelope recordedOtherwise = robot.event(MessageType.COMPONENT_PRODUCED, component("lc-part-8", "part"));
        Envelope wrongRoot = robot.window(3);
        Map<String, Placement> placements = new HashMap<>();

        MerkleTree batch1 = tree(anchored1, anchored2);
        LedgerAnchor anchor1 = anchor(peer, 1, batch1, 6);
        placements.put(anchored1.id(), new Placement(1, batch1, 0, anchor1));
        placements.put(anchored2.id(), new Placement(1, batch1, 1, anchor1));
        anchor(peer, 2, batch1, 6);
        anchor(peer, 3, tree(invented), 3);
        MerkleTree batch4 = tree(wrongRoot);
        LedgerAnchor anchor4 = anchor(peer, 4, tree(invented, wrongRoot), 6);
        placements.put(wrongRoot.id(), new Placement(4, batch4, 0, anchor4));

        record(peer, produced, "lc-part-5");
        record(peer, produced, "lc-part-5");
        record(peer, neverSent, "lc-part-7");
        record(peer, recordedOtherwise, "lc-part-other");

        assertThat(checker.refresh()).isTrue();
        assertThat(checker.height()).isEqualTo(peer.height());
        assertThat(checker.hasCommitted(Set.of("1", "2"), Set.of(eventId(produced))))
                .isTrue();
        assertThat(checker.hasCommitted(Set.of("5"), Set.of()))
                .as("batch 5 is not anchored")
                .isFalse();
        assertThat(checker.hasCommitted(Set.of(), Set.of(eventId(neverRecorded))))
                .isFalse();

        LedgerChecker.Verdict verdict = checker.check(
                acknowledged(anchored1, anchored2, lost, produced, neverRecorded, recordedOtherwise, wrongRoot),
                Map.of(robot.robotId(), robot.keys().getPublic()),
                (robotId, readingSeq) ->
                        proof(robotId, readingSeq, placements, List.of(anchored1, anchored2, lost, wrongRoot)),
                new Random(7));

        assertThat(verdict.chainBreaks()).isZero();
        assertThat(verdict.blocksRead()).isEqualTo(peer.height());
        assertThat(verdict.windowsAcknowledged()).isEqualTo(4);
        assertThat(verdict.readingsAcknowledged()).isEqualTo(12);
        assertThat(verdict.windowsProven()).as("the two windows of batch 1").isEqualTo(2);
        assertThat(verdict.windowsLost())
                .as("one never anchored, one proven against another root")
                .isEqualTo(2);
        assertThat(verdict.readingsLost()).isEqualTo(6);
        assertThat(verdict.proofFailures())
                .containsOnly(Map.entry("no proof served", 1L), Map.entry("batch root differs from the ledger's", 1L));
        assertThat(verdict.anchoredBatches()).isEqualTo(4);
        assertThat(verdict.anchoredReadings()).isEqualTo(21);
        assertThat(verdict.duplicatedBatches())
                .as("batch 2: batch 1's root again")
                .isEqualTo(1);
        assertThat(verdict.duplicatedReadings()).isEqualTo(6);
        assertThat(verdict.batchesNeverSent()).as("batches 3 and 4").isEqualTo(2);
        assertThat(verdict.readingsNeverSent()).isEqualTo(9);
        assertThat(verdict.unaccountedLeaves()).isZero();
        assertThat(verdict.readingCountMismatches()).isZero();
        assertThat(verdict.eventsAcknowledged()).isEqualTo(3);
        assertThat(verdict.eventTransactions())
                .as("two of event 5, one of 7, one of 8")
                .isEqualTo(4);
        assertThat(verdict.eventsLost()).isEqualTo(1);
        assertThat(verdict.eventsDuplicated()).isEqualTo(1);
        assertThat(verdict.eventsNeverSent()).isEqualTo(1);
        assertThat(verdict.eventsMismatched()).isEqualTo(1);
        assertThat(verdict.clean()).isFalse();
    }

    @Test
    void aLedgerHoldingExactlyWhatWasAcknowledgedIsClean() throws Exception {
        Envelope window = robot.window(4);
        Envelope produced = robot.event(MessageType.COMPONENT_PRODUCED, component("lc-part-2", "part"));
        MerkleTree tree = tree(window);
        Map<String, Placement> placements = Map.of(window.id(), new Placement(1, tree, 0, anchor(peer, 1, tree, 4)));
        record(peer, produced, "lc-part-2");

        server.stop();
        assertThat(checker.refresh()).as("the peer is down").isFalse();
        server.start();
        Await.until("the checker reading the restarted peer", Duration.ofSeconds(30), checker::refresh);

        LedgerChecker.Verdict verdict = checker.check(
                acknowledged(window, produced),
                Map.of(robot.robotId(), robot.keys().getPublic()),
                (robotId, readingSeq) -> proof(robotId, readingSeq, placements, List.of(window)),
                new Random(1));

        assertThat(verdict.clean()).as(verdict.toString()).isTrue();
        assertThat(verdict.windowsProven()).isEqualTo(1);
        assertThat(verdict.anchoredReadings()).isEqualTo(4);
        assertThat(verdict.eventTransactions()).isEqualTo(1);
    }

    private static MerkleTree tree(Envelope... windows) {
        return MerkleTree.ofLeaves(Arrays.stream(windows)
                .map(window -> ReadingProof.of(window, 0).signedWindowHeader())
                .toList());
    }

    /** RecordAnchor of batch {@code batchId} as the gateway would submit it; the anchor its proofs name. */
    private LedgerAnchor anchor(ContractPeer peer, long batchId, MerkleTree tree, long readings) throws Exception {
        ObjectNode report = JSON.createObjectNode()
                .put("batchId", Long.toString(batchId))
                .put("merkleRoot", tree.root().hex())
                .put("readingCount", readings)
                .put("fromEpochMillis", 1_000)
                .put("toEpochMillis", 2_000);
        report.putArray("robotIds").add(robot.robotId());
        String answer = peer.submitAs(
                "ManufacturerMSP",
                RECORD_ANCHOR.functionName(),
                "anchor-" + batchId + "-" + tree.root().hex(),
                report.toString());
        return new LedgerAnchor(
                JSON.readTree(answer).get("txId").asText(),
                peer.height() - 1,
                ContractPeer.CHANNEL,
                ContractPeer.CHAINCODE);
    }

    /** RecordProduction of {@code event} under its event id, naming {@code goodId}. */
    private static void record(ContractPeer peer, Envelope event, String goodId) {
        ObjectNode request = component(goodId, "part")
                .put("robotId", event.robotId())
                .put("producedAtEpochMillis", event.timestamp());
        peer.submitAs("ManufacturerMSP", RECORD_PRODUCTION.functionName(), eventId(event), request.toString());
    }

    private static String eventId(Envelope event) {
        return "production-" + event.robotId() + "-" + event.seq();
    }

    private static Optional<byte[]> proof(
            String robotId, long readingSeq, Map<String, Placement> placements, List<Envelope> windows) {
        for (Envelope window : windows) {
            long first = window.telemetryWindow().firstReadingSeq();
            int index = (int) (readingSeq - first);
            if (window.robotId().equals(robotId)
                    && index >= 0
                    && index < window.telemetryWindow().readingCount()) {
                Placement placement = placements.get(window.id());
                return Optional.ofNullable(placement)
                        .map(at -> new ReadingInclusionProof(
                                        ReadingProof.of(window, index),
                                        at.batchId(),
                                        at.tree().root(),
                                        at.tree().proof(at.leaf()),
                                        Optional.of(at.anchor()))
                                .toJsonBytes());
            }
        }
        return Optional.empty();
    }

    private static Map<String, byte[]> acknowledged(Envelope... envelopes) {
        Map<String, byte[]> acked = new HashMap<>();
        for (Envelope envelope : envelopes) {
            acked.put(HexFormat.of().formatHex(Digest.sha256(envelope.toBytes()).bytes()), envelope.toBytes());
        }
        return acked;
    }
}
