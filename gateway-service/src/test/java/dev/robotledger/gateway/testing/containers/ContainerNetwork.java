package dev.robotledger.gateway.testing.containers;

import java.util.Map;
import java.util.UUID;
import org.testcontainers.containers.Network;

/** A container network of its own for one test: its containers find each other by alias (Podman's DNS). */
public final class ContainerNetwork implements AutoCloseable {

    private final Network network;

    private ContainerNetwork(Network network) {
        this.network = network;
    }

    public static ContainerNetwork create() {
        String name = "robotledger-test-" + UUID.randomUUID().toString().substring(0, 8);
        return new ContainerNetwork(Network.builder()
                .createNetworkCmdModifier(
                        cmd -> cmd.withName(name).withLabels(Map.of(ContainerEngine.TEST_LABEL, name)))
                .build());
    }

    Network network() {
        return network;
    }

    /** Removes the network; its containers must be gone first. */
    @Override
    public void close() {
        network.close();
    }
}
