package dev.robotledger.gateway.testing.containers;

import com.github.dockerjava.api.model.ExposedPort;
import com.github.dockerjava.api.model.HostConfig;
import com.github.dockerjava.api.model.PortBinding;
import com.github.dockerjava.api.model.Ports;
import dev.robotledger.agent.testing.FreePorts;
import dev.robotledger.gateway.testing.Await;
import java.time.Duration;
import java.util.Locale;
import java.util.UUID;
import java.util.function.IntPredicate;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.utility.DockerImageName;

/**
 * One container of a project image, with its port published on a loopback port chosen here and
 * kept across {@link #kill()} and {@link #startAgain()}, ready when a probe from this host passes. It
 * removes itself on {@link #close()} (Testcontainers' reaper is off: its image is not ours).
 */
final class ProjectContainer implements AutoCloseable {

    private static final Duration READY_TIMEOUT = Duration.ofSeconds(60);

    private final String name;
    private final int containerPort;
    private final int hostPort;
    private final IntPredicate ready;
    private final GenericContainer<?> container;
    private boolean paused;

    private ProjectContainer(String name, int containerPort, IntPredicate ready, GenericContainer<?> container) {
        this.name = name;
        this.containerPort = containerPort;
        this.hostPort = FreePorts.loopback();
        this.ready = ready;
        this.container = container;
    }

    /**
     * Starts the image {@code name} and waits until {@code ready} passes for the published port.
     * {@code network} and {@code alias} put it on a container network under that host name; null
     * for none. {@code command} replaces the image's arguments when given.
     */
    static ProjectContainer start(
            String name,
            int containerPort,
            ContainerNetwork network,
            String alias,
            IntPredicate ready,
            String... command) {
        String image = ContainerEngine.image(name);
        String containerName =
                "robotledger-test-" + name + "-" + UUID.randomUUID().toString().substring(0, 8);
        GenericContainer<?> container = new GenericContainer<>(DockerImageName.parse(image))
                .withImagePullPolicy(imageName -> false)
                .withLabel(ContainerEngine.TEST_LABEL, containerName);
        if (command.length > 0) {
            container.withCommand(command);
        }
        if (network != null) {
            container.withNetwork(network.network()).withNetworkAliases(alias);
        }
        ProjectContainer started = new ProjectContainer(name, containerPort, ready, container);
        // On loopback only, and on a port of our choosing so that a restarted container keeps it.
        container.withCreateContainerCmdModifier(cmd -> {
            HostConfig host = cmd.getHostConfig() == null ? HostConfig.newHostConfig() : cmd.getHostConfig();
            cmd.withName(containerName)
                    .withExposedPorts(ExposedPort.tcp(containerPort))
                    .withHostConfig(host.withPortBindings(new PortBinding(
                            Ports.Binding.bindIpAndPort("127.0.0.1", started.hostPort),
                            ExposedPort.tcp(containerPort))));
        });
        long begin = System.nanoTime();
        try {
            container.start();
            started.awaitReady(begin, "ready");
        } catch (RuntimeException e) {
            started.close();
            throw e;
        }
        return started;
    }

    int hostPort() {
        return hostPort;
    }

    String id() {
        return container.getContainerId();
    }

    /** SIGKILL to every process of the container at once, as when its host loses power; its files stay. */
    void kill() {
        ContainerEngine.client().killContainerCmd(id()).exec();
    }

    /** Starts the killed or stopped container again, over its files, on the same port. */
    void startAgain() {
        long begin = System.nanoTime();
        ContainerEngine.client().startContainerCmd(id()).exec();
        awaitReady(begin, "ready again");
    }

    /** Freezes every process of the container: connections stay open, nothing answers. */
    void pause() {
        ContainerEngine.client().pauseContainerCmd(id()).exec();
        paused = true;
    }

    void unpause() {
        ContainerEngine.client().unpauseContainerCmd(id()).exec();
        paused = false;
    }

    String logs() {
        return container.getLogs();
    }

    private void awaitReady(long beginNanos, String what) {
        Await.until(
                name + " container " + id() + " accepting on 127.0.0.1:" + hostPort,
                READY_TIMEOUT,
                () -> ready.test(hostPort),
                () -> "its log: " + logs());
        // The figure docs/testing.md quotes; one line per start in the test's output.
        System.out.printf(
                Locale.ROOT,
                "[containers] %s %s %.1f s after start (127.0.0.1:%d -> %d)%n",
                name,
                what,
                (System.nanoTime() - beginNanos) / 1e9,
                hostPort,
                containerPort);
    }

    /** Removes the container (and its files); Testcontainers' stop removes what it started. */
    @Override
    public void close() {
        if (paused) {
            unpause();
        }
        container.stop();
    }
}
