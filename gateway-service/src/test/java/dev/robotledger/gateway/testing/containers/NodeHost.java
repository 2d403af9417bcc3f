package dev.robotledger.gateway.testing.containers;

import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.model.Container;
import com.github.dockerjava.api.model.ContainerNetwork;
import dev.robotledger.gateway.testing.FabricNetwork;
import dev.robotledger.gateway.testing.LightningPair;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The container host of one node a network script placed on a host, found by the labels the script
 * gives it: a node of a Fabric network on container hosts
 * ({@link FabricNetwork#upOnContainerHosts()}, network/containers.sh fabric-node) or of the
 * Lightning pair on container hosts ({@link LightningPair#onContainerHosts()}, lightning-node).
 * A peer's host is its organisation's, which also runs its chaincode, gateway and database: cutting
 * it off cuts them all off. {@link #cutOff()} takes the host off its network, as a pulled cable would:
 * what it had open stays open and gets no answer; {@link #reconnect()} puts it back at the same address.
 */
public final class NodeHost {

    private static final String FABRIC_LABEL = "dev.robotledger.fabric";
    private static final String LIGHTNING_LABEL = "dev.robotledger.lightning";

    private final String node;
    private final String containerId;
    private final String networkName;
    private final String address;

    private NodeHost(String node, String containerId, String networkName, String address) {
        this.node = node;
        this.containerId = containerId;
        this.networkName = networkName;
        this.address = address;
    }

    /** The running container of {@code node} (e.g. peer0.retailer) of {@code network}. */
    public static NodeHost of(FabricNetwork network, String node) {
        return find(FABRIC_LABEL, node, network.state());
    }

    /** The running container of {@code node} (btcd, lender or borrower) of {@code pair}. */
    public static NodeHost of(LightningPair pair, String node) {
        return find(LIGHTNING_LABEL, node, pair.state());
    }

    private static NodeHost find(String label, String node, Path state) {
        List<Container> found = ContainerEngine.client()
                .listContainersCmd()
                .withLabelFilter(Map.of(label, node, label + ".state", state.toString()))
                .exec();
        if (found.size() != 1) {
            throw new IllegalStateException("expected one running container of " + node + " of the state in " + state
                    + ", found " + found.size());
        }
        InspectContainerResponse container = ContainerEngine.client()
                .inspectContainerCmd(found.get(0).getId())
                .exec();
        // A node on a host with other programs (a pod) shares the network of the host's own container.
        String networkMode = container.getHostConfig().getNetworkMode();
        if (networkMode != null && networkMode.startsWith("container:")) {
            container = ContainerEngine.client()
                    .inspectContainerCmd(networkMode.substring("container:".length()))
                    .exec();
        }
        Map.Entry<String, ContainerNetwork> attachment = container
                .getNetworkSettings()
                .getNetworks()
                .entrySet()
                .iterator()
                .next();
        return new NodeHost(
                node,
                container.getId(),
                attachment.getKey(),
                attachment.getValue().getIpAddress());
    }

    public String node() {
        return node;
    }

    public String address() {
        return address;
    }

    /** The container that holds the host's network: the node's own, or its pod's. */
    public String containerId() {
        return containerId;
    }

    public void cutOff() {
        ContainerEngine.client()
                .disconnectFromNetworkCmd()
                .withNetworkId(networkName)
                .withContainerId(containerId)
                .exec();
    }

    public void reconnect() {
        ContainerEngine.client()
                .connectToNetworkCmd()
                .withNetworkId(networkName)
                .withContainerId(containerId)
                .withContainerNetwork(
                        new ContainerNetwork().withIpamConfig(new ContainerNetwork.Ipam().withIpv4Address(address)))
                .exec();
        String now = ContainerEngine.client()
                .inspectContainerCmd(containerId)
                .exec()
                .getNetworkSettings()
                .getNetworks()
                .get(networkName)
                .getIpAddress();
        if (!address.equals(now)) {
            throw new IllegalStateException(node + " came back at " + now + ", not at its address " + address);
        }
    }

    @Override
    public String toString() {
        return node + " at " + address;
    }
}
