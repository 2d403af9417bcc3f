package dev.robotledger.agent.sim;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.robotledger.agent.AgentSettings;
import dev.robotledger.agent.RobotAgent;
import dev.robotledger.agent.access.BrokerAccess;
import dev.robotledger.agent.access.BrokerCertificates;
import dev.robotledger.agent.access.BrokerFiles;
import dev.robotledger.agent.identity.RobotIdentity;
import dev.robotledger.agent.outbox.OutboxEntry;
import dev.robotledger.agent.shipping.GatewayApi;
import dev.robotledger.agent.shipping.Shipping;
import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * Simulates many robots, each a full {@link RobotAgent} with its own key, counters and outbox.
 *
 * <pre>
 * java -jar robot-agent-all.jar --robots 50 --rate 200/s --broker tcp://127.0.0.1:1883 \
 *      --state-dir DIR --duration 60s
 * java -jar robot-agent-all.jar enrol --robots 50 --state-dir DIR     # JSON for registration
 * </pre>
 *
 * Every option can also come from a properties file ({@code --config FILE}, keys are the option
 * names without dashes, e.g. {@code window-readings=100}); flags win over the file.
 */
@Command(
        name = "robot-simulator",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        subcommands = {Simulator.Enrol.class, Simulator.BrokerAccessCommand.class, Simulator.ShippingCommand.class},
        description = "Simulated robots publishing signed telemetry windows and production events over MQTT.")
public final class Simulator implements Callable<Integer> {

    @Mixin
    RobotSelection selection;

    @Option(names = "--config", description = "Properties file with defaults for these options.")
    File config;

    @Option(
            names = "--broker",
            defaultValue = "tcp://127.0.0.1:1883",
            description = "MQTT broker URI (default ${DEFAULT-VALUE}).")
    String broker;

    @Option(
            names = "--rate",
            defaultValue = "200/s",
            converter = Rate.Converter.class,
            description = "Readings per second PER ROBOT, e.g. 200/s or 6000/min (default ${DEFAULT-VALUE}).")
    Rate rate;

    @Option(
            names = "--window-readings",
            defaultValue = "100",
            description = "Seal a telemetry window after this many readings (default ${DEFAULT-VALUE}).")
    int windowReadings;

    @Option(
            names = "--window-millis",
            defaultValue = "250",
            description = "Or once its oldest reading is this many milliseconds old (default ${DEFAULT-VALUE}).")
    long windowMillis;

    @Option(
            names = "--events-every",
            defaultValue = "500",
            description = "A production step after every this many readings of a robot: at its place on the line it"
                    + " makes a bracket, an assembly of two brackets or a product of two assemblies, and inspects it;"
                    + " 0 for none (default ${DEFAULT-VALUE}).")
    long eventsEvery;

    @Option(
            names = "--quality-fail-rate",
            defaultValue = "0.05",
            description = "Fraction of the goods that fail their inspection, 0..1; a failed good is quarantined on the"
                    + " ledger and never built into another (default ${DEFAULT-VALUE}).")
    double qualityFailRate;

    @Option(
            names = "--gs1-company-prefix",
            defaultValue = "9506000",
            description = "GS1 company prefix of the goods' GTINs, 6 to 11 digits (default ${DEFAULT-VALUE}, the"
                    + " prefix GS1 uses in its own examples).")
    String gs1CompanyPrefix;

    @Option(
            names = "--duration",
            defaultValue = "0s",
            converter = DurationConverter.class,
            description = "How long to generate, e.g. 60s, 5m; 0s runs until interrupted (default ${DEFAULT-VALUE}).")
    Duration duration;

    @Option(
            names = "--drain-timeout",
            defaultValue = "60s",
            converter = DurationConverter.class,
            description =
                    "At the end, how long to wait for the broker to acknowledge the backlog (default ${DEFAULT-VALUE}).")
    Duration drainTimeout;

    @Option(
            names = "--max-inflight",
            defaultValue = "10",
            description = "QoS 1 publishes awaiting PUBACK per robot (default ${DEFAULT-VALUE}).")
    int maxInflight;

    @Option(
            names = "--credentials-dir",
            description = "Authenticate each robot as its id with the password in DIR/<robotId>.password, or with an"
                    + " ssl:// broker by its certificate DIR/<robotId>-cert.pem (written by broker-access); without it"
                    + " robots connect anonymously.")
    Path credentialsDir;

    private final PrintStream out;
    private final CountDownLatch interrupted = new CountDownLatch(1);
    private final CountDownLatch finished = new CountDownLatch(1);

    Simulator(PrintStream out) {
        this.out = out;
    }

    public static void main(String[] args) {
        System.exit(commandLine(System.out, args).execute(args));
    }

    static CommandLine commandLine(PrintStream out, String[] args) {
        CommandLine commandLine = new CommandLine(new Simulator(out));
        File config = configFile(args);
        if (config != null) {
            // Flags still win: the file only supplies defaults.
            commandLine.setDefaultValueProvider(new CommandLine.PropertiesDefaultProvider(config));
        }
        return commandLine;
    }

    @Override
    public Integer call() throws Exception {
        AgentSettings settings = new AgentSettings(
                broker,
                windowReadings,
                Duration.ofMillis(windowMillis),
                Duration.ofDays(1),
                maxInflight,
                Duration.ofMillis(100),
                Duration.ofSeconds(2),
                credentialsDir);
        List<SimulatedRobot> robots = new ArrayList<>();
        // Ctrl-C ends generation; the main thread then drains and closes the robots while the hook waits.
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            interrupted.countDown();
            try {
                finished.await(drainTimeout.toSeconds() + 15, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }));
        try {
            return run(settings, robots);
        } finally {
            robots.forEach(SimulatedRobot::closeQuietly);
            finished.countDown();
        }
    }

    private int run(AgentSettings settings, List<SimulatedRobot> robots) throws Exception {
        List<String> working = new ArrayList<>();
        for (String robotId : selection.robotIds()) {
            if (settings.usesTls() && !Files.isRegularFile(BrokerCertificates.certificateOf(credentialsDir, robotId))) {
                out.printf(
                        Locale.ROOT, "%s has no broker certificate (revoked, or never issued): not started%n", robotId);
                continue;
            }
            working.add(robotId);
        }
        ProductionLine line = ProductionLine.of(working, qualityFailRate);
        for (String robotId : working) {
            RobotAgent agent = RobotAgent.start(
                    selection.stateOf(robotId),
                    robotId,
                    selection.site,
                    selection.line,
                    settings,
                    entry -> acknowledged(line, entry));
            robots.add(SimulatedRobot.start(agent, selection.stateOf(robotId), eventsEvery, gs1CompanyPrefix, line));
        }
        out.printf(
                Locale.ROOT,
                "simulating %d robots at %s each -> %s, windows of %d readings or %d ms, state in %s%n",
                robots.size(),
                rate,
                broker,
                windowReadings,
                windowMillis,
                selection.stateDir);
        out.printf(
                Locale.ROOT,
                "line: %s; %.1f %% of the goods fail their inspection%n",
                describe(line, working),
                qualityFailRate * 100);
        Progress progress = new Progress(out, robots);
        long start = System.nanoTime();
        long end = duration.isZero() ? Long.MAX_VALUE : start + duration.toNanos();
        long nextReport = start + TimeUnit.SECONDS.toNanos(1);
        while (System.nanoTime() < end && interrupted.getCount() > 0) {
            long elapsedNanos = System.nanoTime() - start;
            long due = rate.readingsAfter(elapsedNanos);
            for (SimulatedRobot robot : robots) {
                robot.generateUpTo(due);
            }
            if (System.nanoTime() >= nextReport) {
                progress.report();
                nextReport += TimeUnit.SECONDS.toNanos(1);
            }
            interrupted.await(10, TimeUnit.MILLISECONDS);
        }
        for (SimulatedRobot robot : robots) {
            robot.agent().flush().join();
        }
        long drainDeadline = System.nanoTime() + drainTimeout.toNanos();
        while (backlog(robots) > 0 && System.nanoTime() < drainDeadline) {
            Thread.sleep(200);
        }
        progress.report();
        long backlog = backlog(robots);
        out.printf(
                Locale.ROOT,
                "done: %d readings, %d events, backlog %d%s%n",
                progress.readings(),
                progress.events(),
                backlog,
                backlog == 0 ? "" : " (kept in the outboxes for the next start)");
        return backlog == 0 ? 0 : 3;
    }

    // On the MQTT thread, which must never throw: a failure only delays the good's hand-over.
    private void acknowledged(ProductionLine line, OutboxEntry entry) {
        try {
            line.acknowledged(entry, System.currentTimeMillis());
        } catch (RuntimeException e) {
            out.printf(Locale.ROOT, "an acknowledged envelope on %s could not be read: %s%n", entry.topic(), e);
        }
    }

    private static String describe(ProductionLine line, List<String> robotIds) {
        StringBuilder text = new StringBuilder();
        for (String robotId : robotIds) {
            text.append(text.length() == 0 ? "" : ", ")
                    .append(robotId)
                    .append(' ')
                    .append(line.stagesOf(robotId).stream().map(Stage::kind).collect(Collectors.joining("+")));
        }
        return text.toString();
    }

    private static long backlog(List<SimulatedRobot> robots) {
        return robots.stream().mapToLong(robot -> robot.agent().backlog()).sum();
    }

    private static File configFile(String[] args) {
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--config") && i + 1 < args.length) {
                return new File(args[i + 1]);
            }
            if (args[i].startsWith("--config=")) {
                return new File(args[i].substring("--config=".length()));
            }
        }
        return null;
    }

    /** Prints {@code {"robots":[{"robotId","site","line","publicKeyPem"}...]}}, creating keys on first use. */
    @Command(
            name = "enrol",
            mixinStandardHelpOptions = true,
            description = "Print the robots' ids and public keys as JSON so an operator can register them.")
    static final class Enrol implements Callable<Integer> {

        @Mixin
        RobotSelection selection;

        @Option(names = "--robot-id", description = "Enrol just this robot id instead of the numbered set.")
        String robotId;

        @CommandLine.ParentCommand
        Simulator parent;

        @Override
        public Integer call() throws IOException {
            ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
            ObjectNode result = mapper.createObjectNode();
            ArrayNode list = result.putArray("robots");
            List<String> ids = robotId != null ? List.of(robotId) : selection.robotIds();
            for (String id : ids) {
                list.add(RobotIdentity.loadOrCreate(selection.stateOf(id), id, selection.site, selection.line)
                        .enrolment(mapper));
            }
            parent.out.println(mapper.writeValueAsString(result));
            return 0;
        }
    }

    /** Writes the robots' broker passwords, Mosquitto's password file and its ACL file. */
    @Command(
            name = "broker-access",
            mixinStandardHelpOptions = true,
            description = "Create per-robot broker passwords and the Mosquitto password and ACL files "
                    + "(each robot may publish only on factory/+/+/<its id>/#; the gateway user reads factory/#).")
    static final class BrokerAccessCommand implements Callable<Integer> {

        @Mixin
        RobotSelection selection;

        @Option(names = "--robot-id", description = "Robot ids to admit instead of the numbered set (repeatable).")
        List<String> robotIds;

        @Option(
                names = "--credentials-dir",
                required = true,
                description = "Directory for <user>.password files, mosquitto.passwd and mosquitto.acl.")
        Path credentialsDir;

        @Option(
                names = "--gateway-user",
                defaultValue = "gateway",
                description =
                        "User name of the gateway, allowed to read every robot's topics (default ${DEFAULT-VALUE}).")
        String gatewayUser;

        @Option(
                names = "--tls-host",
                split = ",",
                description =
                        "Also issue TLS certificates: the broker's, valid for these host names or addresses, and one"
                                + " per robot and for the gateway user, whose common name is the user name (repeatable).")
        List<String> tlsHosts;

        @Option(
                names = "--tls-port",
                defaultValue = "8883",
                description = "The TLS listener's port in the printed mosquitto.conf lines (default ${DEFAULT-VALUE}).")
        int tlsPort;

        @Option(
                names = "--revoke",
                description = "Revoke these robots' certificates: into the CA's revocation list, which"
                        + " the broker reads at start (repeatable).")
        List<String> revoked;

        @CommandLine.ParentCommand
        Simulator parent;

        @Override
        public Integer call() throws IOException {
            if (revoked != null) {
                BrokerCertificates certificates = BrokerCertificates.open(credentialsDir);
                for (String robotId : revoked) {
                    parent.out.printf(
                            Locale.ROOT,
                            "%s: %s%n",
                            robotId,
                            certificates.revoke(robotId) ? "revoked" : "has no certificate");
                }
                return 0;
            }
            List<String> ids = robotIds != null ? robotIds : selection.robotIds();
            BrokerFiles files = BrokerAccess.write(credentialsDir, ids, gatewayUser);
            if (tlsHosts == null) {
                parent.out.printf(
                        Locale.ROOT,
                        "%d robots and user %s in %s; mosquitto.conf lines:%n",
                        ids.size(),
                        gatewayUser,
                        credentialsDir);
                BrokerAccess.configLines(files).forEach(parent.out::println);
                return 0;
            }
            BrokerAccess.issueCertificates(credentialsDir, ids, gatewayUser, tlsHosts);
            parent.out.printf(
                    Locale.ROOT,
                    "%d robots and user %s with certificates in %s; mosquitto.conf lines:%n",
                    ids.size(),
                    gatewayUser,
                    credentialsDir);
            BrokerAccess.tlsConfigLines(credentialsDir, tlsHosts.get(0), tlsPort)
                    .forEach(parent.out::println);
            return 0;
        }
    }

    /** The shipping desks and the quality manager around the robots: {@link Shipping}, one round every {@code --every}. */
    @Command(
            name = "shipping",
            mixinStandardHelpOptions = true,
            sortOptions = false,
            description =
                    "Ship finished products that passed inspection from the manufacturer's gateway to the retailer,"
                            + " accept a share of the shipments on the retailer's gateway (the rest wait for a person), and"
                            + " recall a share of the products the retailer received.")
    static final class ShippingCommand implements Callable<Integer> {

        @Option(
                names = "--manufacturer-url",
                defaultValue = "http://127.0.0.1:8080",
                description = "The manufacturer's gateway (default ${DEFAULT-VALUE}).")
        String manufacturerUrl;

        @Option(
                names = "--retailer-url",
                defaultValue = "http://127.0.0.1:8081",
                description = "The retailer's gateway (default ${DEFAULT-VALUE}).")
        String retailerUrl;

        @Option(
                names = "--operator-token-file",
                required = true,
                description = "The manufacturer's operator API token (ships and recalls).")
        Path operatorTokenFile;

        @Option(
                names = "--retailer-token-file",
                required = true,
                description = "The retailer's API token (accepts shipments).")
        Path retailerTokenFile;

        @Option(
                names = "--every",
                defaultValue = "5s",
                converter = DurationConverter.class,
                description = "Time between rounds (default ${DEFAULT-VALUE}).")
        Duration every;

        @Option(
                names = "--ship-after",
                defaultValue = "30s",
                converter = DurationConverter.class,
                description = "How long a product stays in the manufacturer's warehouse before it is shipped"
                        + " (default ${DEFAULT-VALUE}).")
        Duration shipAfter;

        @Option(
                names = "--accept-share",
                defaultValue = "0.75",
                description = "Share of the shipments the retailer's goods-in desk accepts, 0..1; the others wait for a"
                        + " person on the retailer's dashboard (default ${DEFAULT-VALUE}).")
        double acceptShare;

        @Option(
                names = "--recall-share",
                defaultValue = "0",
                description = "Share of the products the retailer received that the manufacturer recalls, 0..1"
                        + " (default ${DEFAULT-VALUE}).")
        double recallShare;

        @Option(
                names = "--recall-reason",
                defaultValue = "gear backlash out of tolerance in field returns",
                description = "The reason a recall gives (default ${DEFAULT-VALUE}).")
        String recallReason;

        @Option(
                names = "--duration",
                defaultValue = "0s",
                converter = DurationConverter.class,
                description = "How long to run; 0s runs until interrupted (default ${DEFAULT-VALUE}).")
        Duration duration;

        @CommandLine.ParentCommand
        Simulator parent;

        @Override
        public Integer call() throws IOException, InterruptedException {
            Shipping shipping = new Shipping(
                    GatewayApi.http(manufacturerUrl, token(operatorTokenFile)),
                    GatewayApi.http(retailerUrl, token(retailerTokenFile)),
                    new Shipping.Policy(
                            Stage.PRODUCT.kind(),
                            "ManufacturerMSP",
                            "RetailerMSP",
                            shipAfter,
                            IdShare.of(acceptShare, "accept"),
                            IdShare.of(recallShare, "recall"),
                            recallReason),
                    Clock.systemUTC());
            parent.out.printf(
                    Locale.ROOT,
                    "shipping products from %s to the retailer at %s every %d s: after %d s in"
                            + " the warehouse, %.0f %% accepted at once, %.0f %% of those recalled%n",
                    manufacturerUrl,
                    retailerUrl,
                    every.toSeconds(),
                    shipAfter.toSeconds(),
                    acceptShare * 100,
                    recallShare * 100);
            long end = duration.isZero() ? Long.MAX_VALUE : System.nanoTime() + duration.toNanos();
            Shipping.Counts last = shipping.counts();
            while (System.nanoTime() < end) {
                try {
                    Shipping.Counts counts = shipping.round();
                    if (!counts.equals(last)) {
                        parent.out.printf(
                                Locale.ROOT,
                                "shipped=%d accepted=%d recalled=%d refused=%d%s%n",
                                counts.shipped(),
                                counts.accepted(),
                                counts.recalled(),
                                counts.refused(),
                                counts.refused() > last.refused() ? " (last: " + counts.lastRefusal() + ")" : "");
                        last = counts;
                    }
                } catch (IOException e) {
                    // A gateway restarting or not ready yet: the next round tries again.
                    parent.out.printf(
                            Locale.ROOT, "round failed, trying again in %d s: %s%n", every.toSeconds(), e.getMessage());
                }
                Thread.sleep(Math.max(0, Math.min(every.toMillis(), (end - System.nanoTime()) / 1_000_000)));
            }
            return 0;
        }

        private static String token(Path file) throws IOException {
            String token = Files.readString(file).trim();
            if (token.isEmpty()) {
                throw new IOException("the token file " + file + " is empty");
            }
            return token;
        }
    }
}
