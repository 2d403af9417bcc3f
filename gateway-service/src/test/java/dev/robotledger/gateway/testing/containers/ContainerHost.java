package dev.robotledger.gateway.testing.containers;

import dev.robotledger.gateway.testing.GatewayProcess;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * A host that runs several programs, each in a container of its own that shares the host's address
 * and names: a Podman pod made by {@code network/containers.sh host}, as {@code network/system.sh up
 * --containers} places an organisation's peer, chaincode, gateway and database on one. A program's
 * output goes to a log file of the test's; {@link #powerCut()} kills every program at once.
 */
public final class ContainerHost implements AutoCloseable {

    private static final Duration COMMAND_TIMEOUT = Duration.ofMinutes(2);

    private final String pod;
    private final String address;
    private final String hostName;
    private final Path logs;
    private final boolean ours;

    private ContainerHost(String pod, String address, String hostName, Path logs, boolean ours) {
        this.pod = pod;
        this.address = address;
        this.hostName = hostName;
        this.logs = logs;
        this.ours = ours;
    }

    /**
     * Makes and starts a host of the test's own at {@code address} (on the Podman network of its /24),
     * named {@code hostName} there; {@link #close()} removes it with its programs.
     */
    public static ContainerHost create(String address, String hostName, Path logs) {
        String pod = "robotledger-test-" + hostName.replace('.', '-') + "-"
                + UUID.randomUUID().toString().substring(0, 8);
        podman(List.of(
                repository().resolve("network/containers.sh").toString(),
                "host",
                pod,
                address,
                hostName,
                ContainerEngine.TEST_LABEL + "=" + pod));
        return new ContainerHost(pod, address, hostName, logs, true);
    }

    /** A host the network's scripts made (a peer organisation's); {@link #close()} leaves it to them. */
    public static ContainerHost existing(String pod, String address, String hostName, Path logs) {
        return new ContainerHost(pod, address, hostName, logs, false);
    }

    public String address() {
        return address;
    }

    public String hostName() {
        return hostName;
    }

    /**
     * Runs {@code command} in a new container of {@code image} (a project image's name, e.g. java) on
     * this host, with podman run's {@code options} (e.g. a volume), its output in {@code <name>.log}.
     */
    public Program run(String name, String image, List<String> options, List<String> command) {
        String container = pod + "-" + name;
        List<String> run = podmanRun(container);
        run.addAll(options);
        run.add(ContainerEngine.image(image));
        run.addAll(command);
        return new Program(container, launch(run, logs.resolve(name + ".log")));
    }

    /** Where {@link GatewayProcess} runs a gateway on this host: the java image, this test's class path mounted read-only. */
    public GatewayProcess.Placement gatewayPlacement(String name) {
        return new GatewayOnHost(name);
    }

    /** SIGKILL to every program of the host at once, as when it loses power; its volumes stay. */
    public void powerCut() {
        podman(List.of("podman", "pod", "kill", "--signal", "KILL", pod));
    }

    /** Starts the host again after {@link #powerCut()}, at its address; its programs are started by the caller. */
    public void powerOn() {
        podman(List.of("podman", "pod", "start", pod));
    }

    /** Removes a host {@link #create made} here, with its programs; a network's host stays. */
    @Override
    public void close() {
        if (ours) {
            podman(List.of("podman", "pod", "rm", "--force", "--time", "0", pod));
        }
    }

    @Override
    public String toString() {
        return hostName + " at " + address;
    }

    /** A program running in a container on the host, through the podman client that started it. */
    public static final class Program implements AutoCloseable {

        private final String container;
        private final Process launcher;

        private Program(String container, Process launcher) {
            this.container = container;
            this.launcher = launcher;
        }

        public boolean running() {
            return launcher.isAlive();
        }

        /** SIGKILL to the program; returns once its container is gone. */
        public void kill() {
            remove(container);
            awaitExit(launcher);
        }

        @Override
        public void close() {
            if (launcher.isAlive()) {
                podman(List.of("podman", "rm", "--force", "--ignore", "--time", "10", container));
            }
            awaitExit(launcher);
        }
    }

    private final class GatewayOnHost implements GatewayProcess.Placement {

        private final String name;
        private final Set<Path> shared = new LinkedHashSet<>();
        private String container;

        private GatewayOnHost(String name) {
            this.name = name;
        }

        @Override
        public List<String> command(List<String> arguments) {
            container = pod + "-" + name;
            List<String> command = podmanRun(container);
            command.addAll(List.of("-w", "/tmp"));
            Set<Path> mounts = new LinkedHashSet<>(shared);
            mounts.add(repository());
            for (String entry : System.getProperty("java.class.path").split(java.io.File.pathSeparator)) {
                mounts.add(mountFor(Path.of(entry).toAbsolutePath()));
            }
            for (Path mount : mounts) {
                command.addAll(List.of("-v", mount + ":" + mount + ":ro"));
            }
            command.add(ContainerEngine.image("java"));
            command.add("java");
            command.addAll(arguments);
            return command;
        }

        @Override
        public String host() {
            return address;
        }

        @Override
        public int port() {
            return 8080;
        }

        @Override
        public void share(Path directory) {
            shared.add(directory.toAbsolutePath());
        }

        @Override
        public void kill(Process launcher) {
            remove(container);
            awaitExit(launcher);
        }
    }

    // podman run of a container of that name on this host, removed when it ends; one an earlier
    // start left is removed first, since it holds the name.
    private List<String> podmanRun(String container) {
        remove(container);
        return new ArrayList<>(List.of(
                "podman",
                "run",
                "--rm",
                "--name",
                container,
                "--pod",
                pod,
                "--label",
                ContainerEngine.TEST_LABEL + "=" + container));
    }

    // The repository, or the local Maven repository for a dependency's jar, else the entry's folder.
    private static Path mountFor(Path entry) {
        Path repository = repository();
        if (entry.startsWith(repository)) {
            return repository;
        }
        Path maven = Path.of(System.getProperty("user.home"), ".m2", "repository");
        return entry.startsWith(maven) ? maven : entry.getParent();
    }

    /** The repository: the nearest folder above the working directory that holds network/containers.sh. */
    static Path repository() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve("network/containers.sh"))) {
                return dir;
            }
        }
        throw new IllegalStateException(
                "no network/containers.sh above " + Path.of("").toAbsolutePath());
    }

    private static Process launch(List<String> command, Path log) {
        try {
            Files.createDirectories(log.getParent());
            return new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                    .start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    // SIGKILL at once (no grace time) and the container removed; nothing when it is gone already.
    private static void remove(String container) {
        podman(List.of("podman", "rm", "--force", "--ignore", "--time", "0", container));
    }

    private static void awaitExit(Process process) {
        try {
            if (!process.waitFor(COMMAND_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException(
                        "podman client " + process.pid() + " still running after its container ended");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Runs a command to its end; fails with what it printed unless it exits 0. */
    private static void podman(List<String> command) {
        try {
            Path output = Files.createTempFile("podman-", ".out");
            try {
                Process process = new ProcessBuilder(command)
                        .redirectErrorStream(true)
                        .redirectOutput(output.toFile())
                        .start();
                boolean finished = process.waitFor(COMMAND_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
                if (!finished) {
                    process.destroyForcibly();
                }
                if (!finished || process.exitValue() != 0) {
                    throw new IllegalStateException(String.join(" ", command)
                            + (finished
                                    ? " exited with " + process.exitValue()
                                    : " did not finish within " + COMMAND_TIMEOUT)
                            + ": "
                            + Files.readString(output, StandardCharsets.UTF_8).strip());
                }
            } finally {
                Files.deleteIfExists(output);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
