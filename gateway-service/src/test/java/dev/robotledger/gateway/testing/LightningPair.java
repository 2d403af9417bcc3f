package dev.robotledger.gateway.testing;

import dev.robotledger.gateway.lightning.LightningNode;
import dev.robotledger.gateway.lightning.lnd.LndProperties;
import dev.robotledger.gateway.lightning.lnd.LndRestNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.opentest4j.TestAbortedException;

/**
 * The tests' own regtest Lightning pair: btcd and the lender's and borrower's lnd nodes, started
 * through {@code network/lightning.sh up} once per test JVM (state in {@code .state/test-lightning},
 * every port moved by 2000, or by {@code -Dlightning.port-offset}) and stopped, lnd first, when the run ends. Its logs stay in
 * {@code .state/test-lightning/logs}.
 *
 * <pre>{@code
 * @ExtendWith(LightningPair.Tier.class)
 * class SomeLightningIT {
 *     @BeforeAll static void nodes(LightningPair pair) { lender = pair.node("lender"); }
 * }
 * }</pre>
 *
 * Without btcd and lnd in the script's cache the tests are skipped, saying so; with
 * {@code -Dlightning.tier=on} they fail instead.
 */
public final class LightningPair implements AutoCloseable {

    private static final Duration UP_TIMEOUT = Duration.ofMinutes(5);
    private static final Duration STEP_TIMEOUT = Duration.ofMinutes(3);
    private static final AtomicBoolean SKIP_SAID = new AtomicBoolean();

    private final Path root;
    private final Path state;
    private final Map<String, String> environment;
    private final Duration startup;

    private LightningPair(Path root, Path state, Map<String, String> environment, Duration startup) {
        this.root = root;
        this.state = state;
        this.environment = environment;
        this.startup = startup;
    }

    /**
     * A pair of its own, outside the tier's: btcd and each lnd node on a container host of its own
     * ({@code LIGHTNING_HOSTS=containers}: network/containers.sh lightning-node), at its own address
     * on a Podman network of this worktree's own /24, reached from here over the network's bridge.
     * State in {@code .state/test-lightning-hosts}; the caller closes it.
     */
    public static LightningPair onContainerHosts() {
        Path root = repositoryRoot();
        // Beside the Fabric tests' networks (10.207.20-219), one /24 per worktree.
        String subnet = "10.207." + (220 + Math.floorMod(root.toString().hashCode(), 30));
        return up(
                root,
                root.resolve(".state/test-lightning-hosts"),
                Map.of("LIGHTNING_HOSTS", "containers", "LIGHTNING_CONTAINER_SUBNET", subnet));
    }

    /** The pair's state folder ({@code LIGHTNING_STATE_DIR}). */
    public Path state() {
        return state;
    }

    /** Waits until the channel carries payments both ways, connecting the nodes if they are not (after a fault). */
    public void awaitChannelReady() {
        script(STEP_TIMEOUT, "ready");
    }

    /** How long {@code lightning.sh up} took, from no state to an active channel. */
    public Duration startup() {
        return startup;
    }

    /** A client of one node ({@code lender} or {@code borrower}) through its REST API. */
    public LightningNode node(String name) {
        Map<String, String> settings = clientSettings(name);
        return LndRestNode.connect(new LndProperties(
                settings.get("GATEWAY_LIGHTNING_HOST"),
                Integer.parseInt(settings.get("GATEWAY_LIGHTNING_PORT")),
                Path.of(settings.get("GATEWAY_LIGHTNING_TLSCERTFILE")),
                Path.of(settings.get("GATEWAY_LIGHTNING_MACAROONFILE")),
                Duration.ofSeconds(15),
                Duration.ofSeconds(60),
                100));
    }

    /** The settings a gateway reaches the node with, as Spring properties ({@code gateway.lightning.host=...}). */
    public List<String> gatewayProperties(String name) {
        return clientSettings(name).entrySet().stream()
                .map(setting -> "gateway.lightning."
                        + setting.getKey()
                                .substring("GATEWAY_LIGHTNING_".length())
                                .toLowerCase(Locale.ROOT)
                                .replace("tlscertfile", "tls-cert-file")
                                .replace("macaroonfile", "macaroon-file")
                        + "=" + setting.getValue())
                .toList();
    }

    private Map<String, String> clientSettings(String name) {
        Map<String, String> settings = new HashMap<>();
        for (String line : script(STEP_TIMEOUT, "client", name).lines().toList()) {
            int eq = line.indexOf('=');
            if (eq > 0 && line.startsWith("GATEWAY_LIGHTNING_")) {
                settings.put(line.substring(0, eq), line.substring(eq + 1));
            }
        }
        return settings;
    }

    /**
     * Stops a node (SIGTERM, as an operator would) and starts it again over its data; returns when
     * its channel carries payments again.
     */
    public void restart(String name) {
        script(STEP_TIMEOUT, "stop", name);
        script(STEP_TIMEOUT, "start", name);
    }

    /** Mines {@code count} blocks (to the lender's wallet): regtest confirms nothing until someone mines. */
    public void mine(int count) {
        script(STEP_TIMEOUT, "mine", Integer.toString(count));
    }

    /** The 80-byte header of a block, as hex, from btcd itself (not through either lnd node). */
    public String header(String blockHash) {
        return script(STEP_TIMEOUT, "header", blockHash).strip();
    }

    /** Resident memory of a process the script started ({@code btcd}, {@code lender}, {@code borrower}), in MiB. */
    public long residentMib(String name) {
        try {
            String pid = Files.readString(state.resolve("pids").resolve(name + ".pid"))
                    .strip();
            for (String line : Files.readAllLines(Path.of("/proc", pid, "status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024;
                }
            }
            return -1;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        script(STEP_TIMEOUT, "down");
    }

    private String script(Duration timeout, String... arguments) {
        return run(root, environment, timeout, arguments);
    }

    private static String run(Path root, Map<String, String> environment, Duration timeout, String... arguments) {
        Path output = null;
        try {
            output = Files.createTempFile("lightning-sh-", ".log");
            ProcessBuilder builder = new ProcessBuilder(
                    new ArrayList<>(List.of(root.resolve("network/lightning.sh").toString())));
            builder.command().addAll(List.of(arguments));
            builder.environment().putAll(environment);
            builder.redirectErrorStream(true).redirectOutput(output.toFile());
            Process process = builder.start();
            if (!process.waitFor(timeout.toSeconds(), TimeUnit.SECONDS)) {
                process.destroy();
                throw new AssertionError("network/lightning.sh " + String.join(" ", arguments)
                        + " did not finish within " + timeout + ":\n" + Files.readString(output));
            }
            String text = Files.readString(output);
            if (process.exitValue() != 0) {
                throw new AssertionError("network/lightning.sh " + String.join(" ", arguments) + " failed (exit "
                        + process.exitValue() + "):\n" + text);
            }
            return text;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } finally {
            if (output != null) {
                output.toFile().delete();
            }
        }
    }

    private static Path repositoryRoot() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isExecutable(dir.resolve("network/lightning.sh"))) {
                return dir;
            }
        }
        throw new IllegalStateException(
                "network/lightning.sh not found above " + Path.of("").toAbsolutePath());
    }

    /**
     * Starts the pair for the first test class that needs it and keeps it, in the root context's
     * store, until the run ends; resolves {@link LightningPair} parameters.
     */
    public static final class Tier implements BeforeAllCallback, ParameterResolver {

        private static final ExtensionContext.Namespace NAMESPACE =
                ExtensionContext.Namespace.create(LightningPair.class);

        @Override
        public void beforeAll(ExtensionContext context) {
            pair(context);
        }

        @Override
        public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
            return parameter.getParameter().getType() == LightningPair.class;
        }

        @Override
        public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
            return pair(context);
        }

        private static LightningPair pair(ExtensionContext context) {
            return context.getRoot().getStore(NAMESPACE).computeIfAbsent("pair", key -> start(), LightningPair.class);
        }

        private static LightningPair start() {
            Path root = repositoryRoot();
            // -Dlightning.port-offset moves the pair when several worktrees run their tests on one machine.
            return up(
                    root,
                    root.resolve(".state/test-lightning"),
                    Map.of("LIGHTNING_PORT_OFFSET", System.getProperty("lightning.port-offset", "2000")));
        }
    }

    /** network/lightning.sh up from no state, with {@code settings} and the state folder in its environment. */
    private static LightningPair up(Path root, Path state, Map<String, String> settings) {
        Map<String, String> environment = new HashMap<>(settings);
        environment.put("LIGHTNING_STATE_DIR", state.toString());
        requireBinaries(root, environment);
        run(root, environment, STEP_TIMEOUT, "clean");
        long started = System.nanoTime();
        run(root, environment, UP_TIMEOUT, "up");
        return new LightningPair(root, state, Map.copyOf(environment), Duration.ofNanos(System.nanoTime() - started));
    }

    private static void requireBinaries(Path root, Map<String, String> environment) {
        try {
            run(root, environment, STEP_TIMEOUT, "check");
        } catch (AssertionError missing) {
            String why = "btcd and lnd are not installed: "
                    + missing.getMessage()
                            .lines()
                            .reduce((first, second) -> second)
                            .orElse("");
            if ("on".equals(System.getProperty("lightning.tier"))) {
                throw new AssertionError("Lightning tier: on (-Dlightning.tier=on), but " + why, missing);
            }
            if (SKIP_SAID.compareAndSet(false, true)) {
                // Failsafe counts an aborted class as no test at all: say why where people look.
                System.out.println("Lightning tier: SKIPPED, " + why);
            }
            throw new TestAbortedException("Lightning tier: SKIPPED, " + why);
        }
    }
}
