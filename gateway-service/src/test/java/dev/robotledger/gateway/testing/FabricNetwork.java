package dev.robotledger.gateway.testing;

import dev.robotledger.gateway.ledger.LedgerProperties;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The tests' own Fabric network (network/fabric.sh): state in {@code <repository>/.state/test-fabric},
 * every port moved by {@code fabric.port-offset} (10000 unless set), so the network a user runs (.state/fabric, offset 0)
 * is never touched. Started once per test JVM by {@code fabric.sh up}, which reuses a network that
 * is already up; left running afterwards, so that the next class, and the next run, reuse it
 * ({@code network/system.sh test} stops it after Maven). The ledger therefore keeps every earlier
 * test's data: tests use ids unique per run and never assume an empty ledger.
 *
 * <p>Reads of the ledger go through the {@code peer} CLI as an organisation's admin
 * ({@code fabric.sh env <org>}), never through the gateway under test.
 *
 * <p>Tests use it through {@link FabricTest}, which skips them unless the system property
 * {@value #TIER_PROPERTY} is {@code on}; when it is on, a network that does not start fails them.
 */
public final class FabricNetwork {

    public static final String TIER_PROPERTY = "fabric.tier";
    public static final int PORT_OFFSET = Integer.getInteger("fabric.port-offset", 10_000);
    public static final String CHANNEL = "provenance";
    public static final String CHAINCODE = "provenance";
    /** The peer organisations, as network/fabric/network.env names them. */
    public static final List<String> PEER_ORGS = List.of("manufacturer", "retailer", "lender");

    public static final List<String> ORDERERS = List.of("orderer1", "orderer2", "orderer3");

    private static final Duration UP_TIMEOUT = Duration.ofMinutes(5);
    // The hosts of a network on container hosts carry it (the state folder), so down finds them.
    private static final String HOST_LABEL = "dev.robotledger.fabric.state";
    private static final Duration COMMAND_TIMEOUT = Duration.ofMinutes(3);
    private static final Pattern EXPORT = Pattern.compile("^export ([A-Z_]+)=[\"']?(.*?)[\"']?$");
    private static FabricNetwork started;
    private static RuntimeException startFailure;

    private final Path root;
    private final Path state;
    // What network/fabric.sh is told besides the state folder: the port offset, the network's description.
    private final Map<String, String> settings;
    private final Map<String, ClientSettings> clients = new LinkedHashMap<>();

    private FabricNetwork(Path root) {
        this(root, root.resolve(".state/test-fabric"), Map.of("FABRIC_PORT_OFFSET", Integer.toString(PORT_OFFSET)));
    }

    private FabricNetwork(Path root, Path state, Map<String, String> settings) {
        this.root = root;
        this.state = state;
        this.settings = settings;
    }

    /**
     * The same network as {@code network/system.sh up --containers} places it: every orderer on a
     * host of its own, and each peer organisation's peer and chaincode service on its organisation's
     * host (a pod, {@link #hostPod}, where a test also runs the organisation's gateway and database),
     * each host a container at its own address on a Podman network
     * (network/fabric/system-containers.env, run by network/containers.sh fabric-node). State in
     * {@code .state/test-fabric-containers}. Started by {@code fabric.sh up}, which reuses a network
     * that is up; the caller stops it and removes its hosts with {@link #down()}.
     */
    public static FabricNetwork upOnContainerHosts() {
        Path root = repositoryRoot();
        // A /24 of this clone's, so that the tests of two clones on one machine can run side by side;
        // the state folder's certificates name these addresses, so it stays the same for a clone.
        String subnet = "10.207." + (20 + Math.floorMod(root.toString().hashCode(), 200));
        FabricNetwork network = new FabricNetwork(
                root,
                root.resolve(".state/test-fabric-containers"),
                Map.of(
                        "FABRIC_NETWORK_ENV",
                        root.resolve("network/fabric/system-containers.env").toString(),
                        "FABRIC_CONTAINER_SUBNET",
                        subnet,
                        "FABRIC_PORT_OFFSET",
                        "0"));
        for (String org : PEER_ORGS) {
            String address = network.client(org).peerHost();
            network.required(
                    network.run(
                            List.of(
                                    root.resolve("network/containers.sh").toString(),
                                    "host",
                                    network.hostPod(org),
                                    address,
                                    org + ".test",
                                    "peer0." + org + ".test",
                                    HOST_LABEL + "=" + network.state),
                            Map.of(),
                            COMMAND_TIMEOUT),
                    "network/containers.sh host for " + org);
        }
        network.required(network.fabric(UP_TIMEOUT, "up"), "network/fabric.sh up on container hosts");
        return network;
    }

    /** The pod that is {@code org}'s host on a network {@link #upOnContainerHosts() on container hosts}. */
    public String hostPod(String org) {
        return "robotledger-test-" + org + "-"
                + Integer.toHexString(state.toString().hashCode());
    }

    /** The first three bytes of the /24 of a network on container hosts (its Podman network's). */
    public String containerSubnet() {
        return settings.get("FABRIC_CONTAINER_SUBNET");
    }

    /**
     * A network of a benchmark's own in {@code <repository>/<stateFolder>}, every port moved by
     * {@code portOffset}, started by {@code fabric.sh up} (which reuses it when it is up) and left
     * running, like the tests' network.
     */
    public static FabricNetwork upIn(String stateFolder, int portOffset) {
        Path root = repositoryRoot();
        FabricNetwork network = new FabricNetwork(
                root, root.resolve(stateFolder), Map.of("FABRIC_PORT_OFFSET", Integer.toString(portOffset)));
        network.required(network.fabric(UP_TIMEOUT, "up"), "network/fabric.sh up in " + stateFolder);
        return network;
    }

    /** The pid recorded for each running node (orderer1..3, peer0.<org>, chaincode), from {@code <state>/pids}. */
    public Map<String, Long> nodePids() {
        Map<String, Long> pids = new LinkedHashMap<>();
        try (var files = Files.list(state.resolve("pids"))) {
            for (Path file : files.sorted().toList()) {
                String name = file.getFileName().toString();
                if (name.endsWith(".pid")) {
                    pids.put(
                            name.substring(0, name.length() - ".pid".length()),
                            Long.parseLong(Files.readString(file).strip()));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return pids;
    }

    /**
     * Stops every node by its recorded pid (their containers go with them), and removes the hosts
     * {@link #upOnContainerHosts()} made, with whatever else runs on them; the data is kept.
     */
    public void down() {
        required(fabric(COMMAND_TIMEOUT, "down"), "network/fabric.sh down");
        if (containerSubnet() == null) {
            return;
        }
        Output pods = required(
                run(
                        List.of("podman", "pod", "ls", "-q", "--filter", "label=" + HOST_LABEL + "=" + state),
                        Map.of(),
                        COMMAND_TIMEOUT),
                "podman pod ls");
        List<String> ids = pods.text().lines().filter(line -> !line.isBlank()).toList();
        if (!ids.isEmpty()) {
            List<String> remove = new ArrayList<>(List.of("podman", "pod", "rm", "--force", "--time", "0"));
            remove.addAll(ids);
            required(run(remove, Map.of(), COMMAND_TIMEOUT), "podman pod rm");
        }
    }

    /** A client identity's settings, as {@code fabric.sh client <org>} prints them (GATEWAY_LEDGER_*). */
    public record ClientSettings(
            String peerEndpoint,
            String tlsServerName,
            Path tlsCaCertFile,
            String mspId,
            Path certificateFile,
            Path privateKeyFile,
            String channel,
            String chaincode) {

        /** The peer's host, without its port. */
        public String peerHost() {
            return peerEndpoint.substring(0, peerEndpoint.lastIndexOf(':'));
        }

        public int peerPort() {
            return Integer.parseInt(peerEndpoint.substring(peerEndpoint.lastIndexOf(':') + 1));
        }

        /** The gateway's {@code gateway.ledger.*} settings for this identity. */
        public List<String> gatewayProperties() {
            return List.of(
                    "gateway.ledger.peer-endpoint=" + peerEndpoint,
                    "gateway.ledger.tls-server-name=" + tlsServerName,
                    "gateway.ledger.tls-ca-cert-file=" + tlsCaCertFile,
                    "gateway.ledger.msp-id=" + mspId,
                    "gateway.ledger.certificate-file=" + certificateFile,
                    "gateway.ledger.private-key-file=" + privateKeyFile,
                    "gateway.ledger.channel=" + channel,
                    "gateway.ledger.chaincode=" + chaincode);
        }

        /** The same settings as the gateway binds them, for a Fabric Gateway client of the test's own. */
        public LedgerProperties ledgerProperties() {
            return new LedgerProperties(
                    peerEndpoint,
                    tlsCaCertFile,
                    tlsServerName,
                    mspId,
                    certificateFile,
                    privateKeyFile,
                    channel,
                    chaincode,
                    Duration.ofSeconds(10),
                    Duration.ofSeconds(30),
                    Duration.ofSeconds(10),
                    Duration.ofMinutes(1),
                    Duration.ofSeconds(10),
                    3,
                    "the tests' Fabric network");
        }
    }

    /** What a finished command printed: {@code text} on stdout (a query's answer), {@code errors} on stderr. */
    public record Output(int exitCode, String text, String errors) {

        public boolean succeeded() {
            return exitCode == 0;
        }

        /** Both streams, for a failure message. */
        public String all() {
            return text + errors;
        }
    }

    /** Whether the Fabric tier is on for this JVM. */
    public static boolean tierOn() {
        return "on".equals(System.getProperty(TIER_PROPERTY));
    }

    /** Why the Fabric tier is off: the reason a skipped Fabric test reports. */
    static String whyOff() {
        String property = System.getProperty(TIER_PROPERTY);
        Output check = new FabricNetwork(repositoryRoot()).fabric(Duration.ofSeconds(30), "check");
        String firstLine = check.all().strip().lines().findFirst().orElse("");
        if (!check.succeeded()) {
            return "Fabric tier off: " + firstLine + " (network/fabric.sh check)";
        }
        return "Fabric tier off: -D" + TIER_PROPERTY + " is " + (property == null ? "unset" : "'" + property + "'")
                + ", not 'on' (" + firstLine + " is installed; network/system.sh test turns the tier on)";
    }

    /**
     * The network, started by the first caller in this JVM; every later caller gets the same one, or
     * the same failure.
     */
    public static synchronized FabricNetwork network() {
        if (started != null) {
            return started;
        }
        if (startFailure != null) {
            throw startFailure;
        }
        FabricNetwork network = new FabricNetwork(repositoryRoot());
        Output up = network.fabric(UP_TIMEOUT, "up");
        if (!up.succeeded()) {
            startFailure = new IllegalStateException("the tests' Fabric network did not start (FABRIC_STATE_DIR="
                    + network.state + ", " + network.settings + "); network/fabric.sh up said:\n"
                    + up.all());
            throw startFailure;
        }
        started = network;
        return network;
    }

    public Path root() {
        return root;
    }

    public Path state() {
        return state;
    }

    /** A client (User1) of {@code org}: manufacturer, retailer, lender or oracle. */
    public synchronized ClientSettings client(String org) {
        return clients.computeIfAbsent(org, name -> {
            Map<String, String> values = new LinkedHashMap<>();
            required(fabric(COMMAND_TIMEOUT, "client", name), "network/fabric.sh client " + name)
                    .text()
                    .lines()
                    .filter(line -> line.startsWith("GATEWAY_LEDGER_"))
                    .forEach(line ->
                            values.put(line.substring(0, line.indexOf('=')), line.substring(line.indexOf('=') + 1)));
            return new ClientSettings(
                    value(values, "PEERENDPOINT"),
                    value(values, "TLSSERVERNAME"),
                    Path.of(value(values, "TLSCACERTFILE")),
                    value(values, "MSPID"),
                    Path.of(value(values, "CERTIFICATEFILE")),
                    Path.of(value(values, "PRIVATEKEYFILE")),
                    value(values, "CHANNEL"),
                    value(values, "CHAINCODE"));
        });
    }

    private static String value(Map<String, String> values, String name) {
        String value = values.get("GATEWAY_LEDGER_" + name);
        if (value == null) {
            throw new IllegalStateException(
                    "network/fabric.sh client printed no GATEWAY_LEDGER_" + name + ": " + values);
        }
        return value;
    }

    /** Stops one node (orderer1..3, peer0.<org>, chaincode) by its recorded pid. */
    public void stop(String node) {
        required(fabric(COMMAND_TIMEOUT, "stop", node), "network/fabric.sh stop " + node);
    }

    /** Starts a stopped node over its kept data and waits until it is healthy. */
    public void start(String node) {
        required(fabric(COMMAND_TIMEOUT, "start", node), "network/fabric.sh start " + node);
    }

    /** The nodes that are not running, from {@code fabric.sh status}. */
    public List<String> stoppedNodes() {
        return required(fabric(COMMAND_TIMEOUT, "status"), "network/fabric.sh status")
                .text()
                .lines()
                .filter(line -> line.endsWith(" stopped"))
                .map(line -> line.replace("[fabric] ", "").replace(" stopped", ""))
                .toList();
    }

    /**
     * Deploys {@code jar} as the chaincode: a jar other than the deployed one becomes the next
     * sequence of the definition and its process replaces the running one.
     */
    public Output deploy(Path jar) {
        return required(
                fabric(UP_TIMEOUT, Map.of("FABRIC_CHAINCODE_JAR", jar.toString()), "deploy"),
                "network/fabric.sh deploy of " + jar);
    }

    /** What a node has logged so far (logs/<node>.log; the peers' logs hold colour codes). */
    public String log(String node) {
        try {
            return Files.readString(state.resolve("logs").resolve(node + ".log"), StandardCharsets.ISO_8859_1);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The jar the build makes, which {@code up} deploys. */
    public Path builtChaincodeJar() {
        return root.resolve("chaincode/target/provenance-chaincode.jar");
    }

    /**
     * The peer CLI as {@code asOrg}'s admin against {@code peerOrg}'s peer (usually the same org;
     * another org's peer shows what that peer holds).
     */
    public Output peer(String asOrg, String peerOrg, String... args) {
        Map<String, String> env = adminEnvironment(asOrg);
        ClientSettings peerOf = client(peerOrg);
        env.put("CORE_PEER_ADDRESS", peerOf.peerEndpoint());
        env.put("CORE_PEER_TLS_ROOTCERT_FILE", peerOf.tlsCaCertFile().toString());
        env.put("CORE_PEER_TLS_SERVERHOSTOVERRIDE", peerOf.tlsServerName());
        List<String> command = new ArrayList<>();
        command.add(Path.of(env.get("FABRIC_CFG_PATH"))
                .resolveSibling("bin")
                .resolve("peer")
                .toString());
        command.addAll(List.of(args));
        return run(command, env, COMMAND_TIMEOUT);
    }

    /** {@code peer chaincode query} of an evaluate transaction as {@code asOrg}'s admin on {@code peerOrg}'s peer. */
    public Output query(String asOrg, String peerOrg, String function, String... args) {
        StringBuilder json =
                new StringBuilder("{\"function\":").append(quoted(function)).append(",\"Args\":[");
        for (int i = 0; i < args.length; i++) {
            json.append(i == 0 ? "" : ",").append(quoted(args[i]));
        }
        json.append("]}");
        return peer(asOrg, peerOrg, "chaincode", "query", "-C", CHANNEL, "-n", CHAINCODE, "-c", json.toString());
    }

    /** The answer of a query on the org's own peer, which must succeed. */
    public String queryOk(String org, String function, String... args) {
        return required(query(org, org, function, args), "peer chaincode query " + function + " on peer0." + org)
                .text()
                .strip();
    }

    /** The block height of {@code org}'s peer's copy of the channel ({@code peer channel getinfo}). */
    public long height(String org) {
        Output info =
                required(peer(org, org, "channel", "getinfo", "-c", CHANNEL), "peer channel getinfo on peer0." + org);
        Matcher height = Pattern.compile("\"height\":(\\d+)").matcher(info.text());
        if (!height.find()) {
            throw new IllegalStateException("no height in peer channel getinfo: " + info.text());
        }
        return Long.parseLong(height.group(1));
    }

    /** The height of every peer, by org. */
    public Map<String, Long> heights() {
        Map<String, Long> heights = new LinkedHashMap<>();
        PEER_ORGS.forEach(org -> heights.put(org, height(org)));
        return heights;
    }

    private static String quoted(String text) {
        return '"' + text.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
    }

    private Map<String, String> adminEnvironment(String org) {
        Map<String, String> env = new LinkedHashMap<>();
        required(fabric(COMMAND_TIMEOUT, "env", org), "network/fabric.sh env " + org)
                .text()
                .lines()
                .map(EXPORT::matcher)
                .filter(Matcher::matches)
                .filter(export -> !export.group(1).equals("PATH"))
                .forEach(export -> env.put(export.group(1), export.group(2)));
        return env;
    }

    private Output required(Output output, String what) {
        if (!output.succeeded()) {
            throw new IllegalStateException(what + " failed (exit " + output.exitCode() + "):\n" + output.all());
        }
        return output;
    }

    private Output fabric(Duration timeout, String... args) {
        return fabric(timeout, Map.of(), args);
    }

    private Output fabric(Duration timeout, Map<String, String> extraEnv, String... args) {
        List<String> command =
                new ArrayList<>(List.of(root.resolve("network/fabric.sh").toString()));
        command.addAll(List.of(args));
        Map<String, String> env = new LinkedHashMap<>(extraEnv);
        env.put("FABRIC_STATE_DIR", state.toString());
        env.putAll(settings);
        return run(command, env, timeout);
    }

    private Output run(List<String> command, Map<String, String> env, Duration timeout) {
        try {
            Path out = Files.createTempFile("fabric-cli-", ".out");
            Path err = Files.createTempFile("fabric-cli-", ".err");
            try {
                ProcessBuilder builder = new ProcessBuilder(command)
                        .directory(root.toFile())
                        .redirectOutput(out.toFile())
                        .redirectError(err.toFile());
                // Only the tests' network: settings of the user's network in the environment must not leak in.
                builder.environment()
                        .keySet()
                        .removeIf(name -> name.startsWith("CORE_")
                                || name.startsWith("ORDERER_")
                                || name.startsWith("FABRIC_") && !name.equals("FABRIC_HOME"));
                builder.environment().putAll(env);
                Process process = builder.start();
                boolean finished = process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
                if (!finished) {
                    process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                }
                String stdout = Files.readString(out, StandardCharsets.UTF_8);
                String stderr = Files.readString(err, StandardCharsets.UTF_8);
                return finished
                        ? new Output(process.exitValue(), stdout, stderr)
                        : new Output(
                                -1,
                                stdout,
                                String.join(" ", command) + " did not finish within " + timeout + "\n" + stderr);
            } finally {
                Files.deleteIfExists(out);
                Files.deleteIfExists(err);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The repository: the nearest folder above the working directory that holds network/fabric.sh. */
    static Path repositoryRoot() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve("network/fabric.sh"))) {
                return dir;
            }
        }
        throw new IllegalStateException(
                "no network/fabric.sh above " + Path.of("").toAbsolutePath());
    }
}
