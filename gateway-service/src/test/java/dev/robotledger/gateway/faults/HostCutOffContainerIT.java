package dev.robotledger.gateway.faults;

import static dev.robotledger.gateway.testing.ProductionPayloads.check;
import static dev.robotledger.gateway.testing.ProductionPayloads.component;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.robotledger.gateway.access.Role;
import dev.robotledger.gateway.json.Json;
import dev.robotledger.gateway.testing.Await;
import dev.robotledger.gateway.testing.FabricGateways;
import dev.robotledger.gateway.testing.FabricGateways.JournaledProduction;
import dev.robotledger.gateway.testing.FabricNetwork;
import dev.robotledger.gateway.testing.GatewayProcess;
import dev.robotledger.gateway.testing.Publisher;
import dev.robotledger.gateway.testing.TestRobot;
import dev.robotledger.gateway.testing.containers.ContainerHost;
import dev.robotledger.gateway.testing.containers.ContainerTest;
import dev.robotledger.gateway.testing.containers.ContainerizedMosquitto;
import dev.robotledger.gateway.testing.containers.HostPostgres;
import dev.robotledger.gateway.testing.containers.MqttProbe;
import dev.robotledger.gateway.testing.containers.NodeHost;
import dev.robotledger.gateway.testing.containers.OrdererMetrics;
import dev.robotledger.wire.message.MessageType;
import java.nio.file.Path;
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
 * The Fabric network as it runs on container hosts: every orderer on a host of its own, and each
 * peer organisation's peer, chaincode service, gateway and PostgreSQL on its organisation's host
 * (a pod at its own address); the factory's broker on a host of its own, which the manufacturer's
 * gateway reaches by name. One host taken off the network while the manufacturer's gateway goes on
 * recording a robot's goods, then put back: the retailer's, or the Raft leader's among the orderers.
 * The host catches up with every block it missed, every peer holds each good once, under the
 * transactions the manufacturer's journal names (read on each peer with the peer CLI), and the
 * retailer's gateway's read model lists each good once. And the retailer's whole host restarted
 * (every program on it killed at once, then started again over its kept data) while the writes go on.
 */
@ContainerTest
class HostCutOffContainerIT {

    private static final Duration TIMEOUT = Duration.ofSeconds(120);
    private static final String RUN = UUID.randomUUID().toString().substring(0, 8);
    private static final Path LOGS = Path.of("target", "host-cut-off-" + RUN).toAbsolutePath();
    private static final String BROKER_HOST = "broker.manufacturer.test";

    private static FabricNetwork fabric;
    private static ContainerHost brokerHost;
    private static Organisation manufacturer;
    private static Organisation retailer;
    private static Publisher publisher;

    @BeforeAll
    static void upOnContainerHosts() {
        assumeTrue(
                FabricNetwork.tierOn(),
                "Fabric on container hosts needs Fabric: -D" + FabricNetwork.TIER_PROPERTY
                        + "=on (network/system.sh test turns it on where FABRIC_HOME holds Fabric)");
        long begin = System.nanoTime();
        fabric = FabricNetwork.upOnContainerHosts();
        System.out.printf(
                "[containers] Fabric network up on container hosts in %.1f s%n", (System.nanoTime() - begin) / 1e9);
        brokerHost = ContainerHost.create(fabric.containerSubnet() + ".31", BROKER_HOST, LOGS);
        brokerHost.run("mosquitto", "mosquitto", List.of(), List.of());
        Await.until(
                "Mosquitto on " + brokerHost,
                Duration.ofSeconds(60),
                () -> MqttProbe.answers(brokerHost.address(), ContainerizedMosquitto.PORT));
        begin = System.nanoTime();
        manufacturer = Organisation.start("manufacturer");
        retailer = Organisation.start("retailer", "gateway.mqtt.enabled=false");
        System.out.printf(
                "[containers] the manufacturer's and the retailer's databases and gateways up on their hosts in %.1f s%n",
                (System.nanoTime() - begin) / 1e9);
        publisher = new Publisher("tcp://" + brokerHost.address() + ":" + ContainerizedMosquitto.PORT, "robots-" + RUN);
    }

    @AfterAll
    static void down() {
        try (Organisation m = manufacturer;
                Organisation r = retailer;
                ContainerHost broker = brokerHost;
                Publisher p = publisher) {
            // Closed in reverse order: the publisher, the broker's host, the gateways and databases.
        } finally {
            if (fabric != null) {
                fabric.down();
            }
        }
    }

    @Test
    void anOrganisationsHostCutOffWhileWritesGoOnCatchesUpAndHoldsEachGoodOnce() throws Exception {
        TestRobot robot = new TestRobot("host-cut-" + RUN);
        manufacturer.gateway().register(robot);
        List<String> goods = new ArrayList<>();
        publishGoods(robot, goods, 2);
        awaitAllCommitted(robot, goods);
        awaitEqualHeights(fabric);

        NodeHost host = NodeHost.of(fabric, "peer0.retailer");
        long retailerHeight = fabric.height("retailer");
        host.cutOff();
        try {
            publishGoods(robot, goods, 4);
            awaitAllCommitted(robot, goods);
            // Submitted many at once, the four productions may share a block, and so may the checks, each after its
            // good.
            assertThat(fabric.height("manufacturer"))
                    .as("blocks cut while %s was off the network", host)
                    .isGreaterThanOrEqualTo(retailerHeight + 2);
        } finally {
            host.reconnect();
        }
        long reconnected = System.nanoTime();

        awaitEqualHeights(fabric);
        System.out.printf(
                "[containers] the retailer's host (%s) caught up %.1f s after it was back on the network%n",
                host, (System.nanoTime() - reconnected) / 1e9);
        GoodsOnEveryPeer.assertEachOnce(fabric, robot.robotId(), goods, awaitAllCommitted(robot, goods));
        retailer.assertReadModelHoldsEachOnce(robot, goods);
    }

    @Test
    void anOrganisationsWholeHostRestartedWhileWritesGoOnComesBackOverItsDataAndCatchesUp() throws Exception {
        TestRobot robot = new TestRobot("host-restart-" + RUN);
        manufacturer.gateway().register(robot);
        List<String> goods = new ArrayList<>();
        publishGoods(robot, goods, 2);
        awaitAllCommitted(robot, goods);
        awaitEqualHeights(fabric);
        retailer.assertReadModelHoldsEachOnce(robot, goods);

        NodeHost before = NodeHost.of(fabric, "peer0.retailer");
        long retailerHeight = fabric.height("retailer");
        retailer.powerCut();
        try {
            Await.until(
                    "the nodes on the retailer's host stopped once its power is cut",
                    TIMEOUT,
                    () -> fabric.stoppedNodes().containsAll(List.of("peer0.retailer", "chaincode.retailer")),
                    fabric::stoppedNodes);
            publishGoods(robot, goods, 4);
            awaitAllCommitted(robot, goods);
            assertThat(fabric.height("manufacturer"))
                    .as("blocks cut while %s was down", before)
                    .isGreaterThanOrEqualTo(retailerHeight + 2);
        } finally {
            retailer.powerOn();
        }
        long restarted = System.nanoTime();
        NodeHost after = NodeHost.of(fabric, "peer0.retailer");
        assertThat(after.address()).as("at the same address").isEqualTo(before.address());

        awaitEqualHeights(fabric);
        System.out.printf(
                "[containers] the retailer's host (%s) restarted over its data and caught up %.1f s after it was started%n",
                after, (System.nanoTime() - restarted) / 1e9);
        GoodsOnEveryPeer.assertEachOnce(fabric, robot.robotId(), goods, awaitAllCommitted(robot, goods));
        retailer.assertReadModelHoldsEachOnce(robot, goods);
    }

    @Test
    void theRaftLeaderPartitionedFromTheOtherOrderersIsReplacedAndCatchesUp() throws Exception {
        TestRobot robot = new TestRobot("raft-cut-" + RUN);
        manufacturer.gateway().register(robot);
        List<String> goods = new ArrayList<>();
        publishGoods(robot, goods, 2);
        awaitAllCommitted(robot, goods);

        // Found while every host is on the network: a cut-off one has no address to be found by.
        Map<String, NodeHost> orderers = new LinkedHashMap<>();
        FabricNetwork.ORDERERS.forEach(orderer -> orderers.put(orderer, NodeHost.of(fabric, orderer)));
        NodeHost leader = orderers.get(raftLeader(orderers));
        long leaderBlock = OrdererMetrics.of(leader).committedBlock();
        leader.cutOff();
        String newLeader;
        try {
            publishGoods(robot, goods, 4);
            awaitAllCommitted(robot, goods);
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
        GoodsOnEveryPeer.assertEachOnce(fabric, robot.robotId(), goods, awaitAllCommitted(robot, goods));
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

    /** Each good made, then checked: two production events, two transactions. */
    private static void publishGoods(TestRobot robot, List<String> goods, int count) {
        for (int i = 0; i < count; i++) {
            String goodId = robot.robotId() + "-g" + goods.size();
            goods.add(goodId);
            publisher.publish(robot, robot.event(MessageType.COMPONENT_PRODUCED, component(goodId, "part")));
            publisher.publish(robot, robot.event(MessageType.QUALITY_CHECK, check(goodId)));
        }
    }

    private static List<JournaledProduction> awaitAllCommitted(TestRobot robot, List<String> goods) {
        List<JournaledProduction> events =
                FabricGateways.awaitDecided(manufacturer.journal(), robot.robotId(), 2 * goods.size(), TIMEOUT);
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

    /**
     * An organisation's host with its PostgreSQL and gateway on it, beside the peer and chaincode
     * service the network placed there; the gateway is its organisation's Fabric client and reaches
     * its peer by the peer's host name, its database on the host's loopback.
     */
    private static final class Organisation implements AutoCloseable {

        private final String org;
        private final ContainerHost host;
        private final HostPostgres postgres;
        private final JdbcTemplate journal;
        private final List<String> settings;
        private GatewayProcess gateway;

        private Organisation(String org, ContainerHost host, HostPostgres postgres, List<String> settings) {
            this.org = org;
            this.host = host;
            this.postgres = postgres;
            this.journal = postgres.jdbc();
            this.settings = settings;
        }

        static Organisation start(String org, String... extraSettings) {
            FabricNetwork.ClientSettings client = fabric.client(org);
            ContainerHost host = ContainerHost.existing(fabric.hostPod(org), client.peerHost(), org + ".test", LOGS);
            List<String> settings = new ArrayList<>(client.gatewayProperties());
            // The peer by its host name, the one its certificate names, as a deployment reaches it.
            settings.add("gateway.ledger.peer-endpoint=" + client.tlsServerName() + ":" + client.peerPort());
            settings.addAll(List.of(
                    "gateway.production.poll-interval=100ms",
                    "gateway.production.submit-retry-initial=100ms",
                    "gateway.production.submit-retry-max=1s"));
            settings.addAll(List.of(extraSettings));
            Organisation organisation = new Organisation(org, host, HostPostgres.start(host), settings);
            organisation.startGateway();
            // The ledger is kept across runs; this journal's anchor batch ids must not meet earlier runs'.
            FabricGateways.separateAnchorBatchIds(organisation.journal());
            return organisation;
        }

        GatewayProcess gateway() {
            return gateway;
        }

        JdbcTemplate journal() {
            return journal;
        }

        /** Every program on the host killed at once, as when it loses power; its disks (volumes, the peer's ledger) stay. */
        void powerCut() {
            host.powerCut();
            gateway.kill();
        }

        /** The host started again and its programs with it, each over its kept data. */
        void powerOn() {
            host.powerOn();
            postgres.startAgain();
            fabric.start("peer0." + org);
            fabric.start("chaincode." + org);
            startGateway();
        }

        /** The organisation's gateway lists each good of the robot once, checked and passed, in its read model. */
        void assertReadModelHoldsEachOnce(TestRobot robot, List<String> goods) {
            List<String> listed = new ArrayList<>();
            Map<String, Object> seen = new LinkedHashMap<>();
            Await.until(
                    "the " + org + "'s read model holding the " + goods.size() + " goods of " + robot.robotId(),
                    TIMEOUT,
                    () -> {
                        GatewayProcess.Answer answer = gateway.call(
                                Role.RETAILER, "GET", "/api/goods?limit=200&robot=" + robot.robotId(), null);
                        seen.put("status", answer.status());
                        listed.clear();
                        if (answer.status() != 200) {
                            return false;
                        }
                        List<String> quality = new ArrayList<>();
                        Json.MAPPER.readTree(answer.body()).path("goods").forEach(good -> {
                            listed.add(good.path("id").asString());
                            quality.add(good.path("quality").asString());
                        });
                        seen.put("goods", List.copyOf(listed));
                        seen.put("quality", quality);
                        return listed.size() == goods.size() && quality.stream().allMatch("PASS"::equals);
                    },
                    () -> seen);
            assertThat(listed)
                    .as("goods of %s in the %s's read model", robot.robotId(), org)
                    .containsExactlyInAnyOrderElementsOf(goods);
        }

        private void startGateway() {
            gateway = GatewayProcess.start(
                    host.gatewayPlacement("gateway"),
                    postgres.onItsHost(),
                    "tcp://" + BROKER_HOST + ":" + ContainerizedMosquitto.PORT,
                    org + "-" + RUN,
                    LOGS.resolve("gateway-" + org + ".log"),
                    settings.toArray(String[]::new));
        }

        @Override
        public void close() {
            try (HostPostgres database = postgres) {
                if (gateway != null) {
                    gateway.close();
                }
            }
        }
    }
}
