package dev.robotledger.gateway.faults;

import static dev.robotledger.gateway.testing.ProductionPayloads.check;
import static dev.robotledger.gateway.testing.ProductionPayloads.component;
import static org.assertj.core.api.Assertions.assertThat;

import dev.robotledger.gateway.production.SubmissionFailure;
import dev.robotledger.gateway.testing.Await;
import dev.robotledger.gateway.testing.FabricGateways;
import dev.robotledger.gateway.testing.FabricGateways.JournaledProduction;
import dev.robotledger.gateway.testing.FabricNetwork;
import dev.robotledger.gateway.testing.FabricTest;
import dev.robotledger.gateway.testing.InProcessGateway;
import dev.robotledger.gateway.testing.JournalAndBroker;
import dev.robotledger.gateway.testing.Publisher;
import dev.robotledger.gateway.testing.TestRobot;
import dev.robotledger.wire.message.MessageType;
import java.io.IOException;
import java.net.URI;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.JdbcTemplate;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * Faults of the real network while the manufacturer's gateway records a robot's production events
 * (a good and its check each): a peer, one orderer, the whole ordering service, the chaincode
 * process, and a chaincode upgrade. After each, every event is COMMITTED in the gateway's journal
 * and on the ledger exactly once, read back good by good on every peer with the peer CLI: the good
 * names the journal's transaction, carries one check (a check sent twice would add a second), and
 * the robot's index on the ledger lists exactly the goods published.
 */
@FabricTest
class NetworkFaultsFabricIT {

    private static final Duration TIMEOUT = Duration.ofSeconds(120);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String RUN = UUID.randomUUID().toString().substring(0, 8);
    private static final List<String> ORDERERS = List.of("orderer1", "orderer2", "orderer3");

    @RegisterExtension
    static final JournalAndBroker INFRA = new JournalAndBroker();

    private static FabricNetwork fabric;
    private static InProcessGateway gateway;
    private static JdbcTemplate journal;
    private static Publisher publisher;

    @TempDir
    Path dir;

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

    /** A robot of this test, registered through the gateway (so on the ledger), with goods it publishes. */
    private static final class Robot {
        final TestRobot robot;
        final List<String> goods = new ArrayList<>();

        Robot(String fault) {
            robot = new TestRobot("fab-" + fault + "-" + RUN);
            gateway.register(robot);
        }

        /** Publishes {@code count} goods, each made then checked: two production events per good. */
        void publishGoods(int count) {
            for (int i = 0; i < count; i++) {
                String goodId = robot.robotId() + "-g" + goods.size();
                goods.add(goodId);
                publisher.publish(robot, robot.event(MessageType.COMPONENT_PRODUCED, component(goodId, "part")));
                publisher.publish(robot, robot.event(MessageType.QUALITY_CHECK, check(goodId)));
            }
        }

        List<JournaledProduction> journaled() {
            return FabricGateways.productions(journal, robot.robotId());
        }

        List<JournaledProduction> awaitAllCommitted() {
            List<JournaledProduction> events =
                    FabricGateways.awaitDecided(journal, robot.robotId(), 2 * goods.size(), TIMEOUT);
            assertThat(events)
                    .extracting(JournaledProduction::state)
                    .as("journal of %s", robot.robotId())
                    .containsOnly("COMMITTED");
            return events;
        }

        void awaitJournaled() {
            Await.until(
                    2 * goods.size() + " events of " + robot.robotId() + " journaled",
                    TIMEOUT,
                    () -> journaled().size() == 2 * goods.size(),
                    this::journaled);
        }

        /** All committed in the journal, every peer at the same height, and each good once on each of them. */
        void assertOnEveryPeerOnceAfterCatchingUp() throws IOException {
            List<JournaledProduction> events = awaitAllCommitted();
            awaitEqualHeights();
            GoodsOnEveryPeer.assertEachOnce(fabric, robot.robotId(), goods, events);
        }
    }

    private static double submissionFailures() {
        return Arrays.stream(SubmissionFailure.values())
                .mapToDouble(
                        reason -> gateway.counter("gateway.production.submission.failures", "reason", reason.name()))
                .sum();
    }

    private static void awaitEqualHeights() {
        Await.until(
                "every peer at the same height",
                TIMEOUT,
                () -> fabric.heights().values().stream().distinct().count() == 1,
                fabric::heights);
    }

    /** While {@code nodes} are down, the events are journaled and retried, none committed and none refused. */
    private static void assertHeldWhileDown(Robot robot, String nodes) {
        double failuresBefore = submissionFailures();
        robot.awaitJournaled();
        Await.until(
                "the gateway to retry while " + nodes + " are down",
                TIMEOUT,
                () -> submissionFailures() >= failuresBefore + 2,
                NetworkFaultsFabricIT::submissionFailures);
        assertThat(robot.journaled())
                .extracting(JournaledProduction::state)
                .as("while %s are down", nodes)
                .containsOnly("PENDING");
    }

    /** What a test does while nodes are down. */
    @FunctionalInterface
    private interface WhileDown {
        void run() throws Exception;
    }

    /** Stops {@code nodes}, runs {@code during}, and starts them again over their data whatever happened. */
    private static void withNodesDown(List<String> nodes, WhileDown during) throws Exception {
        nodes.forEach(fabric::stop);
        try {
            during.run();
        } finally {
            nodes.forEach(fabric::start);
        }
    }

    @Test
    void aPeerRestartedOverItsLedgerCatchesUpWithTheBlocksCommittedWhileItWasDown() throws Exception {
        Robot robot = new Robot("peer");
        awaitEqualHeights();
        long heightAtStop = fabric.height("retailer");

        withNodesDown(List.of("peer0.retailer"), () -> {
            robot.publishGoods(4);
            robot.awaitAllCommitted();
            // Submitted many at once, the four productions may share a block, and so may the checks, each after its
            // good.
            assertThat(fabric.height("manufacturer"))
                    .as("blocks cut while the retailer's peer was down")
                    .isGreaterThanOrEqualTo(heightAtStop + 2);
        });

        robot.assertOnEveryPeerOnceAfterCatchingUp();
    }

    @Test
    void withOneOfThreeOrderersKilledWritesGoOnAndNoneIsLostOrRepeated() throws Exception {
        Robot robot = new Robot("orderer");
        robot.publishGoods(5);
        Await.until(
                "the first event committed",
                TIMEOUT,
                () -> robot.journaled().stream().anyMatch(event -> event.state().equals("COMMITTED")),
                robot::journaled);

        withNodesDown(List.of("orderer1"), () -> {
            long heightAtKill = fabric.height("manufacturer");
            robot.publishGoods(3);
            List<JournaledProduction> events = robot.awaitAllCommitted();
            assertThat(events.get(events.size() - 1).blockNumber())
                    .as("blocks ordered by the two orderers left")
                    .isGreaterThanOrEqualTo(heightAtKill);
        });

        robot.assertOnEveryPeerOnceAfterCatchingUp();
    }

    @Test
    void whileTheWholeOrderingServiceIsDownEventsWaitAndAfterItsRestartEachCommitsOnce() throws Exception {
        Robot robot = new Robot("ordering");

        withNodesDown(ORDERERS, () -> {
            robot.publishGoods(3);
            assertHeldWhileDown(robot, "all orderers");
        });

        robot.assertOnEveryPeerOnceAfterCatchingUp();
    }

    @Test
    void whileTheChaincodeProcessIsDownEventsWaitAndAfterItsRestartEachCommitsOnce() throws Exception {
        Robot robot = new Robot("chaincode");

        withNodesDown(List.of("chaincode"), () -> {
            robot.publishGoods(3);
            assertHeldWhileDown(robot, "the chaincode");
        });

        robot.assertOnEveryPeerOnceAfterCatchingUp();
    }

    @Test
    void aChaincodeUpgradeToTheNextSequenceKeepsTheDataAndTheWritesMadeAcrossIt() throws Exception {
        Robot robot = new Robot("upgrade");
        robot.publishGoods(2);
        robot.awaitAllCommitted();
        long sequenceBefore = committedDefinition().path("sequence").asLong();
        Path changed = changedJar();
        try {
            // Published as the upgrade starts: submitted while its approvals and commit are ordered.
            robot.publishGoods(3);
            fabric.deploy(changed);

            JsonNode definition = committedDefinition();
            assertThat(definition.path("sequence").asLong()).isEqualTo(sequenceBefore + 1);
            assertThat(definition.path("version").asString())
                    .as("the label names the changed jar's SHA-256")
                    .isEqualTo(
                            FabricNetwork.CHAINCODE + "_" + sha256Hex(changed).substring(0, 16));
            robot.awaitAllCommitted();
            robot.publishGoods(1);
            robot.assertOnEveryPeerOnceAfterCatchingUp();
        } finally {
            // The build's jar again (one more sequence), so that later tests and runs use what was built.
            fabric.deploy(fabric.builtChaincodeJar());
        }
    }

    /** The built chaincode jar with one more file in it: the same contract as a different package. */
    private Path changedJar() throws IOException {
        Path jar = dir.resolve("provenance-chaincode-" + RUN + ".jar");
        Files.copy(fabric.builtChaincodeJar(), jar);
        try (FileSystem zip = FileSystems.newFileSystem(URI.create("jar:" + jar.toUri()), Map.of())) {
            Files.writeString(zip.getPath("META-INF", "fabric-tier-upgrade.txt"), "upgrade drill " + RUN + "\n");
        }
        return jar;
    }

    private static String sha256Hex(Path file) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
    }

    private static JsonNode committedDefinition() throws IOException {
        FabricNetwork.Output committed = fabric.peer(
                "manufacturer",
                "manufacturer",
                "lifecycle",
                "chaincode",
                "querycommitted",
                "-C",
                FabricNetwork.CHANNEL,
                "-n",
                FabricNetwork.CHAINCODE,
                "--output",
                "json");
        assertThat(committed.succeeded()).as(committed.all()).isTrue();
        return JSON.readTree(committed.text());
    }
}
