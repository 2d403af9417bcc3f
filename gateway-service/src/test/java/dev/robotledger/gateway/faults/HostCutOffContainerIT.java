package dev.robotledger.gateway.faults;

import static dev.robotledger.gateway.testing.ProductionPayloads.check;
import static dev.robotledger.gateway.testing.ProductionPayloads.component;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.robotledger.gateway.testing.Await;
import dev.robotledger.gateway.testing.FabricGateways;
import dev.robotledger.gateway.testing.FabricGateways.JournaledProduction;
import dev.robotledger.gateway.testing.FabricNetwork;
import dev.robotledger.gateway.testing.InProcessGateway;
import dev.robotledger.gateway.testing.Publisher;
import dev.robotledger.gateway.testing.TestRobot;
import dev.robotledger.gateway.testing.containers.ContainerTest;
import dev.robotledger.gateway.testing.containers.ContainerizedMosquitto;
import dev.robotledger.gateway.testing.containers.ContainerizedPostgres;
import dev.robotledger.gateway.testing.containers.NodeHost;
import dev.robotledger.gateway.testing.containers.OrdererMetrics;
import dev.robotledger.wire.message.MessageType;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The Fabric network with every orderer and peer on a host of its own (a container at its own
 * address), one node's host taken off the network while the manufacturer's gateway goes on
 * recording a robot's goods, then put back: the retailer's peer, or the Raft leader among the
 * orderers. The node catches up with every block it missed, and every peer holds each good once,
 * under the transactions the gateway's journal names, read on each peer with the peer CLI. And the
 * retailer's host restarted (its container stopped and a new one started at the same address over
 * the peer's kept ledger) while the writes go on.
 */
@ContainerTest
class HostCutOffContainerIT {

    private static final Duration TIMEOUT = Duration.ofSeconds(120);
    private static final String RUN = UUID.randomUUID().toString().substring(0, 8);

    private static FabricNetwork fabric;

    @BeforeAll
    static void upOnContainerHosts() {
        assumeTrue(
                FabricNetwork.tierOn(),
                "Fabric on container hosts needs Fabric: -D" + FabricNetwork.TIER_PROPERTY
                        + "=on (network/system.sh test turns it on where FABRIC_HOME holds Fabric)");
        fabric = FabricNetwork.upOnContainerHosts();
    }

    @AfterAll
    static void down() {
        if (fabric != null) {
            fabric.down();
        }
    }

    @Test
    void anOrganisationsHostCutOffWhileWritesGoOnCatchesUpAndHoldsEachGoodOnce() throws Exception {
        try (ContainerizedPostgres postgres = ContainerizedPostgres.start();
                ContainerizedMosquitto broker = ContainerizedMosquitto.start();
                InProcessGateway gateway = manufacturersGateway(fabric, postgres, broker);
                Publisher publisher = new Publisher(broker.uri(), "robots-" + RUN)) {
            JdbcTemplate journal = FabricGateways.journal(gateway);
            TestRobot robot = new TestRobot("host-cut-" + RUN);
            gateway.register(robot);
            List<String> goods = new ArrayList<>();
            publishGoods(publisher, robot, goods, 2);
            awaitAllCommitted(journal, robot, goods);
            awaitEqualHeights(fabric);

            NodeHost retailer = NodeHost.of(fabric, "peer0.retailer");
            long retailerHeight = fabric.height("retailer");
            retailer.cutOff();
            try {
                publishGoods(publisher, robot, goods, 4);
                awaitAllCommitted(journal, robot, goods);
                // Submitted many at once, the four productions may share a block, and so may the checks, each after its
                // good.
                assertThat(fabric.height("manufacturer"))
                        .as("blocks cut while %s was off the network", retailer)
                        .isGreaterThanOrEqualTo(retailerHeight + 2);
            } finally {
                retailer.reconnect();
            }
            long reconnected = System.nanoTime();

            awaitEqualHeights(fabric);
            System.out.printf(
                    "[containers] %s caught up %.1f s after it was back on the network%n",
                    retailer, (System.nanoTime() - reconnected) / 1e9);
            GoodsOnEveryPeer.assertEachOnce(fabric, robot.robotId(), goods, awaitAllCommitted(journal, robot, goods));
        }
    }

    @Test
    void anOrganisationsHostRestartedWhileWritesGoOnComesBackOverItsLedgerAndCatchesUp() throws Exception {
        try (ContainerizedPostgres postgres = ContainerizedPostgres.start();
                ContainerizedMosquitto broker = ContainerizedMosquitto.start();
                InProcessGateway gateway = manufacturersGateway(fabric, postgres, broker);
                Publisher publisher = new Publisher(broker.uri(), "robots-" + RUN)) {
            JdbcTemplate journal = FabricGateways.journal(gateway);
            TestRobot robot = new TestRobot("host-restart-" + RUN);
            gateway.register(robot);
            List<String> goods = new ArrayList<>();
            publishGoods(publisher, robot, goods, 2);
            awaitAllCommitted(journal, robot, goods);
            awaitEqualHeights(fabric);

            NodeHost before = NodeHost.of(fabric, "peer0.retailer");
            long retailerHeight = fabric.height("retailer");
            fabric.stop("peer0.retailer");
            try {
                publishGoods(publisher, robot, goods, 4);
                awaitAllCommitted(journal, robot, goods);
                assertThat(fabric.height("manufacturer"))
                        .as("blocks cut while %s was down", before)
                        .isGreaterThanOrEqualTo(retailerHeight + 2);
            } finally {
                fabric.start("peer0.retailer");
            }
            long restarted = System.nanoTime();
            NodeHost after = NodeHost.of(fabric, "peer0.retailer");
            assertThat(after.containerId()).as("a new host").isNotEqualTo(before.containerId());
            assertThat(after.address()).as("at the same address").isEqualTo(before.address());

            awaitEqualHeights(fabric);
            System.out.printf(
                    "[containers] %s restarted over its ledger and caught up %.1f s after it was started%n",
                    after, (System.nanoTime() - restarted) / 1e9);
            GoodsOnEveryPeer.assertEachOnce(fabric, robot.robotId(), goods, awaitAllCommitted(journal, robot, goods));
        }
    }

    @Test
    void theRaftLeaderPartitionedFromTheOtherOrderersIsReplacedAndCatchesUp() throws Exception {
        try (ContainerizedPostgres postgres = ContainerizedPostgres.start();
                ContainerizedMosquitto broker = ContainerizedMosquitto.start();
                InProcessGateway gateway = manufacturersGateway(fabric, postgres, broker);
                Publisher publisher = new Publisher(broker.uri(), "robots-" + RUN)) {
            JdbcTemplate journal = FabricGateways.journal(gateway);
            TestRobot robot = new TestRobot("raft-cut-" + RUN);
            gateway.register(robot);
            List<String> goods = new ArrayList<>();
            publishGoods(publisher, robot, goods, 2);
            awaitAllCommitted(journal, robot, goods);

            // Found while every host is on the network: a cut-off one has no address to be found by.
            Map<String, NodeHost> orderers = new LinkedHashMap<>();
            FabricNetwork.ORDERERS.forEach(orderer -> orderers.put(orderer, NodeHost.of(fabric, orderer)));
            NodeHost leader = orderers.get(raftLeader(orderers));
            long leaderBlock = OrdererMetrics.of(leader).committedBlock();
            leader.cutOff();
            String newLeader;
            try {
                publishGoods(publisher, robot, goods, 4);
                awaitAllCommitted(journal, robot, goods);
                newLeader = raftLeader(orderers);
                assertThat(newLeader)
                        .as("the Raft leader once %s was cut off", leader)
                        .isNotEqualTo(leader.node());
                assertThat(OrdererMetrics.of(orderers.get(newLeader)).committedBlock())
                        .as("blocks the other two orderers cut while %s was off the network", leader)
                        .isGreaterThanOrEqualTo(leaderBlock + 2);
            } finally {
                leader.reconnect();
            }
            long reconnected = System.nanoTime();

            Await.until(
                    leader + " at the new leader's block",
                    TIMEOUT,
                    () -> committedBlocks(orderers).values().stream().distinct().count() == 1,
                    () -> committedBlocks(orderers));
            System.out.printf(
                    "[containers] orderer %s caught up %.1f s after it was back on the network (leader then %s)%n",
                    leader, (System.nanoTime() - reconnected) / 1e9, newLeader);
            awaitEqualHeights(fabric);
            GoodsOnEveryPeer.assertEachOnce(fabric, robot.robotId(), goods, awaitAllCommitted(journal, robot, goods));
        }
    }

    /** The orderer that says it leads the channel's Raft cluster, once the others agree there is one. */
    private static String raftLeader(Map<String, NodeHost> orderers) {
        Map<String, Object> leading = new LinkedHashMap<>();
        Await.until(
                "one Raft leader among the orderers that answer",
                TIMEOUT,
                () -> {
                    leading.clear();
                    orderers.forEach((orderer, host) -> OrdererMetrics.read(host)
                            .ifPresent(metrics -> {
                                if (metrics.isLeader()) {
                                    leading.put(orderer, metrics.committedBlock());
                                }
                            }));
                    return leading.size() == 1;
                },
                () -> leading);
        return leading.keySet().iterator().next();
    }

    /** The last block each orderer committed, or why it did not answer. */
    private static Map<String, Object> committedBlocks(Map<String, NodeHost> orderers) {
        Map<String, Object> blocks = new LinkedHashMap<>();
        orderers.forEach((orderer, host) -> blocks.put(
                orderer,
                OrdererMetrics.read(host)
                        .<Object>map(OrdererMetrics::committedBlock)
                        .orElse("no answer")));
        return blocks;
    }

    private static InProcessGateway manufacturersGateway(
            FabricNetwork fabric, ContainerizedPostgres postgres, ContainerizedMosquitto broker) {
        List<String> properties = new ArrayList<>(fabric.client("manufacturer").gatewayProperties());
        properties.addAll(List.of(
                "gateway.production.poll-interval=100ms",
                "gateway.production.submit-retry-initial=100ms",
                "gateway.production.submit-retry-max=1s"));
        InProcessGateway gateway =
                InProcessGateway.start(postgres, broker.uri(), "host-cut-" + RUN, properties.toArray(String[]::new));
        // The ledger is kept across runs; this journal's anchor batch ids must not meet earlier runs'.
        FabricGateways.separateAnchorBatchIds(gateway);
        return gateway;
    }

    /** Each good made, then checked: two production events, two transactions. */
    private static void publishGoods(Publisher publisher, TestRobot robot, List<String> goods, int count) {
        for (int i = 0; i < count; i++) {
            String goodId = robot.robotId() + "-g" + goods.size();
            goods.add(goodId);
            publisher.publish(robot, robot.event(MessageType.COMPONENT_PRODUCED, component(goodId, "part")));
            publisher.publish(robot, robot.event(MessageType.QUALITY_CHECK, check(goodId)));
        }
    }

    private static List<JournaledProduction> awaitAllCommitted(
            JdbcTemplate journal, TestRobot robot, List<String> goods) {
        List<JournaledProduction> events =
                FabricGateways.awaitDecided(journal, robot.robotId(), 2 * goods.size(), TIMEOUT);
        assertThat(events).extracting(JournaledProduction::state).containsOnly("COMMITTED");
        return events;
    }

    // A host just back on the network may not answer for a moment (its new interface's address is
    // learnt again): a peer that does not answer yet is not at the same height yet.
    private static void awaitEqualHeights(FabricNetwork fabric) {
        Await.until(
                "every peer at the same height",
                TIMEOUT,
                () -> heights(fabric).values().stream().distinct().count() == 1,
                () -> heights(fabric));
    }

    private static Map<String, Object> heights(FabricNetwork fabric) {
        Map<String, Object> heights = new LinkedHashMap<>();
        for (String org : FabricNetwork.PEER_ORGS) {
            try {
                heights.put(org, fabric.height(org));
            } catch (IllegalStateException notAnswering) {
                heights.put(org, notAnswering.getMessage().strip());
            }
        }
        return heights;
    }
}
