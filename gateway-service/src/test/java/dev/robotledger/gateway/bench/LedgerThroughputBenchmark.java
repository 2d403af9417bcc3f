package dev.robotledger.gateway.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.robotledger.agent.testing.MosquittoBroker;
import dev.robotledger.contract.ContractTransaction;
import dev.robotledger.gateway.bench.ProcessUsage.Used;
import dev.robotledger.gateway.ledger.fabric.LedgerConnection;
import dev.robotledger.gateway.testing.Await;
import dev.robotledger.gateway.testing.FabricNetwork;
import dev.robotledger.gateway.testing.PostgresServer;
import dev.robotledger.gateway.testing.TestRobot;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.hyperledger.fabric.client.Contract;
import org.hyperledger.fabric.client.Status;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The ledger path on the real three-organisation Fabric network, in one run: the network's ceiling
 * (a near-trivial write of the same chaincode, {@code RecordAnchor} of one robot, through the same
 * Fabric Gateway client, a fixed number in flight), then simulated robots at the run command's
 * rate through Mosquitto and the manufacturer's gateway jar in rising steps (production events
 * committed per second, receipt-to-commit p50/p99, whether the backlog stopped growing), then a
 * backlog of minutes of events journaled while the gateway had no ledger, drained at full rate
 * (the gateway's events/s, set against the ceiling); CPU and peak memory of every process.
 * {@code network/bench.sh} runs it when Fabric is installed.
 */
@Command(
        name = "ledger-throughput-benchmark",
        mixinStandardHelpOptions = true,
        description = "Production events through the gateway on the Fabric network against the network's ceiling.")
public final class LedgerThroughputBenchmark implements Callable<Integer> {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String PRODUCTION_TYPES = "('COMPONENT_PRODUCED', 'ASSEMBLED', 'QUALITY_CHECK')";
    /** Noise a step's latency may show without counting as falling behind: about one block and one anchor. */
    private static final Duration KEPT_UP_SLACK = Duration.ofSeconds(3);

    @Option(names = "--gateway-jar", required = true, description = "The gateway's executable jar.")
    Path gatewayJar;

    @Option(
            names = "--simulator-jar",
            required = true,
            description = "The robot simulator's jar (robot-agent-*-all.jar).")
    Path simulatorJar;

    @Option(
            names = "--fabric-state",
            defaultValue = ".state/bench-fabric",
            description = "The benchmark's own Fabric network, under the repository (default ${DEFAULT-VALUE}).")
    String fabricState;

    @Option(
            names = "--fabric-port-offset",
            defaultValue = "15000",
            description = "Every Fabric port moved by this much (default ${DEFAULT-VALUE}).")
    int fabricPortOffset;

    @Option(
            names = "--ceiling-in-flight",
            split = ",",
            defaultValue = "50,200",
            description = "Trivial writes in flight, one run each; the best is the ceiling (default ${DEFAULT-VALUE}).")
    List<Integer> ceilingInFlight;

    @Option(
            names = "--ceiling-seconds",
            defaultValue = "20",
            description = "Length of each ceiling run (default ${DEFAULT-VALUE}).")
    int ceilingSeconds;

    @Option(
            names = "--robot-steps",
            split = ",",
            defaultValue = "25,50,100,200,400",
            description = "Simulated robots in each step, rising; stops after the first step that falls behind"
                    + " (default ${DEFAULT-VALUE}).")
    List<Integer> robotSteps;

    @Option(
            names = "--step-seconds",
            defaultValue = "60",
            description = "Length of each robot step (default ${DEFAULT-VALUE}).")
    int stepSeconds;

    @Option(
            names = "--readings-per-second",
            defaultValue = "20",
            description = "Readings per second per robot, as network/system.env runs them (default ${DEFAULT-VALUE}).")
    int readingsPerSecond;

    @Option(
            names = "--events-every",
            defaultValue = "500",
            description =
                    "A production step (two events) every this many readings, as network/system.env (default ${DEFAULT-VALUE}).")
    int eventsEvery;

    @Option(
            names = "--backlog-minutes",
            defaultValue = "5",
            description =
                    "The drained backlog: this many minutes of the best step's events (default ${DEFAULT-VALUE}).")
    int backlogMinutes;

    @Option(
            names = "--gateway-heap",
            defaultValue = "256m",
            description = "The gateway's -Xmx, as network/system.sh gives it (default ${DEFAULT-VALUE}).")
    String gatewayHeap;

    @Option(
            names = "--out",
            defaultValue = "target/bench/ledger-throughput.json",
            description = "JSON report (default ${DEFAULT-VALUE}).")
    Path out;

    /** One run of trivial writes with {@code inFlight} outstanding. */
    record CeilingRun(
            int inFlight,
            long committed,
            long invalid,
            long failed,
            double transactionsPerSecond,
            Latency submitToCommit) {}

    /**
     * One step of simulated robots; {@code keptUp} when everything published was journaled and
     * committed, none refused, and events received in the step's last third waited no longer
     * (p50) than those of its middle third, within half again plus {@link #KEPT_UP_SLACK}.
     */
    record RobotStep(
            int robots,
            long eventsPublished,
            long eventsJournaled,
            double eventsPerSecondOffered,
            long committed,
            long refused,
            double committedPerSecond,
            long pendingAtEnd,
            Latency receiptToCommit,
            double p50MiddleThirdMillis,
            double p50LastThirdMillis,
            long blocks,
            double eventsPerBlock,
            boolean keptUp) {}

    /** A backlog journaled while the gateway had no ledger, then committed at full rate. */
    record Drain(
            int robots,
            long backlogEvents,
            double drainSeconds,
            double eventsPerSecond,
            long refused,
            double eventsPerBlock) {}

    record Report(
            Instant measuredAt,
            int cores,
            double ceilingTransactionsPerSecond,
            List<CeilingRun> ceiling,
            List<RobotStep> steps,
            int robotsKeptUp,
            Drain drain,
            double eventsPerSecondToCeiling,
            Map<String, Used> processes) {}

    // Robot ids are <run><step letter>-NNN: at most 9 characters, as the simulator's GS1 serials
    // (<robotId>.<step>, at most 20) allow; the run keeps them apart from earlier runs' on the kept ledger.
    private final String run = UUID.randomUUID().toString().substring(0, 4);
    private char nextStepLetter = 'a';
    private Path work;
    private Path logs;
    // The gateway now running; the backlog restarts it without and with the ledger.
    private BenchGateway gateway;

    public static void main(String[] args) {
        System.exit(new CommandLine(new LedgerThroughputBenchmark()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        logs = Files.createDirectories(out.toAbsolutePath().getParent().resolve("logs"));
        work = Files.createTempDirectory("ledger-bench-");
        System.out.println("Fabric network " + fabricState + " (ports +" + fabricPortOffset + "): up or reused");
        FabricNetwork fabric = FabricNetwork.upIn(fabricState, fabricPortOffset);
        FabricNetwork.ClientSettings manufacturer = fabric.client("manufacturer");
        try (ProcessUsage usage = new ProcessUsage();
                PostgresServer postgres = PostgresServer.start();
                MosquittoBroker broker = MosquittoBroker.start();
                Connection db = DriverManager.getConnection(postgres.jdbcUrl(), postgres.username(), "");
                LedgerConnection ledger = LedgerConnection.open(manufacturer.ledgerProperties())) {
            usage.watchAll(fabric.nodePids());
            startGateway(postgres, broker, manufacturer.gatewayProperties(), "ledger", usage);
            // Anchor batch ids come from the journal's sequence; earlier runs' anchors are on the kept ledger.
            IngestionBenchmark.scalar(
                    db, "SELECT setval('anchor_batches_batch_id_seq', " + System.currentTimeMillis() * 1000 + ")");

            TestRobot ceilingRobot = new TestRobot(run + "-ceiling");
            gateway.register(
                    ceilingRobot.robotId(),
                    registration(ceilingRobot.robotId(), ceilingRobot.publicKeyBase64(), "s1", "l1", "station-0")
                            .toString());
            List<CeilingRun> ceiling = new ArrayList<>();
            for (int inFlight : ceilingInFlight) {
                ceiling.add(ceiling(ledger, ceilingRobot.robotId(), inFlight));
            }
            double ceilingRate = ceiling.stream()
                    .mapToDouble(CeilingRun::transactionsPerSecond)
                    .max()
                    .orElse(0);

            List<RobotStep> steps = new ArrayList<>();
            for (int robots : robotSteps) {
                RobotStep step = step(robots, broker, db, usage);
                steps.add(step);
                if (!step.keptUp()) {
                    break;
                }
            }
            int keptUp = steps.stream()
                    .filter(RobotStep::keptUp)
                    .mapToInt(RobotStep::robots)
                    .max()
                    .orElse(0);

            Drain drain = drain(keptUp > 0 ? keptUp : robotSteps.get(0), postgres, broker, manufacturer, db, usage);

            Report report = new Report(
                    Instant.now().truncatedTo(ChronoUnit.SECONDS),
                    Runtime.getRuntime().availableProcessors(),
                    round2(ceilingRate),
                    ceiling,
                    steps,
                    keptUp,
                    drain,
                    ceilingRate > 0 ? round2(drain.eventsPerSecond() / ceilingRate) : 0,
                    usage.used());
            print(report);
            IngestionBenchmark.writeJson(out, report);
        } finally {
            stopGateway();
        }
        return 0;
    }

    private void startGateway(
            PostgresServer postgres,
            MosquittoBroker broker,
            List<String> ledgerSettings,
            String name,
            ProcessUsage usage)
            throws IOException {
        gateway = BenchGateway.start(
                gatewayJar,
                postgres,
                broker.uri(),
                logs.resolve("ledger-gateway-" + name + ".log"),
                gatewayHeap,
                Optional.empty(),
                ledgerSettings);
        usage.watch("gateway", gateway.pid());
    }

    private void stopGateway() throws InterruptedException {
        if (gateway != null) {
            gateway.close();
            gateway = null;
        }
    }

    /** Trivial writes for {@code --ceiling-seconds}, each thread endorsing, submitting and awaiting one at a time. */
    private CeilingRun ceiling(LedgerConnection ledger, String robotId, int inFlight) throws InterruptedException {
        Contract contract = ledger.gateway().getNetwork(ledger.channel()).getContract(ledger.chaincode());
        AtomicLong committed = new AtomicLong();
        AtomicLong invalid = new AtomicLong();
        AtomicLong failed = new AtomicLong();
        List<Long> micros = Collections.synchronizedList(new ArrayList<>());
        Semaphore slots = new Semaphore(inFlight);
        ExecutorService workers = Executors.newFixedThreadPool(inFlight);
        String root = HexFormat.of().formatHex(new byte[32]);
        long started = System.nanoTime();
        long end = started + TimeUnit.SECONDS.toNanos(ceilingSeconds);
        for (long n = 0; System.nanoTime() < end; n++) {
            slots.acquire();
            String batchId = "b" + run + "-ceiling-" + inFlight + "-" + n;
            long now = System.currentTimeMillis();
            String report = "{\"batchId\":\"" + batchId + "\",\"merkleRoot\":\"" + root + "\",\"readingCount\":1,"
                    + "\"fromEpochMillis\":" + now + ",\"toEpochMillis\":" + now + ",\"robotIds\":[\"" + robotId
                    + "\"]}";
            workers.execute(() -> {
                long t0 = System.nanoTime();
                try {
                    Status status = contract.newProposal(ContractTransaction.RECORD_ANCHOR.functionName())
                            .addArguments("anchor-" + batchId, report)
                            .build()
                            .endorse()
                            .submitAsync()
                            .getStatus();
                    (status.isSuccessful() ? committed : invalid).incrementAndGet();
                    micros.add((System.nanoTime() - t0) / 1_000);
                } catch (Exception e) {
                    failed.incrementAndGet();
                } finally {
                    slots.release();
                }
            });
        }
        workers.shutdown();
        workers.awaitTermination(2, TimeUnit.MINUTES);
        double seconds = (System.nanoTime() - started) / 1e9;
        CeilingRun result = new CeilingRun(
                inFlight,
                committed.get(),
                invalid.get(),
                failed.get(),
                round2(committed.get() / seconds),
                Latency.ofMicros(micros));
        System.out.printf(
                Locale.ROOT,
                "ceiling, %d in flight: %.1f transactions/s committed (%d invalid, %d failed),"
                        + " p50 %.0f ms, p99 %.0f ms%n",
                inFlight,
                result.transactionsPerSecond(),
                result.invalid(),
                result.failed(),
                result.submitToCommit().p50Millis(),
                result.submitToCommit().p99Millis());
        return result;
    }

    /** {@code robots} new simulated robots for {@code --step-seconds}; then everything they sent is awaited. */
    private RobotStep step(int robots, MosquittoBroker broker, Connection db, ProcessUsage usage) throws Exception {
        String prefix = run + nextStepLetter++ + "-";
        Path state = enrolAndRegister(prefix, robots);
        System.out.printf(
                Locale.ROOT,
                "%d robots at %d readings/s, a production step every %d readings, for %d s%n",
                robots,
                readingsPerSecond,
                eventsEvery,
                stepSeconds);
        Instant started = Instant.now();
        SimulatorRun simulator = simulate(prefix, robots, state, broker, readingsPerSecond, eventsEvery, stepSeconds);
        usage.watch("simulator", simulator.process().pid());
        // The step is the simulator's publishing time; its exit (the agents' outboxes drained) comes after.
        Instant ended = started.plusSeconds(stepSeconds);
        Thread.sleep(Math.max(0, Duration.between(Instant.now(), ended).toMillis()));
        long pendingAtEnd = pending(db, prefix);
        long published = simulator.awaitEvents();
        // Events still pending are not lost: give them up to three minutes before the step is judged.
        boolean drained = awaitNonePending(db, prefix, Duration.ofMinutes(3));
        long journaled = count(db, prefix, null);
        long committed = count(db, prefix, "COMMITTED");
        long refused = count(db, prefix, "REFUSED");
        long committedInStep = IngestionBenchmark.scalar(
                db, eventsOf(prefix) + " AND p.state = 'COMMITTED' AND p.decided_at <= '" + ended + "'::timestamptz");
        long blocks = IngestionBenchmark.scalar(db, "SELECT count(DISTINCT p.block_number)" + fromEventsOf(prefix));
        double seconds = Duration.between(started, ended).toMillis() / 1000.0;
        // A backlog that grows makes later events wait longer: compare the step's middle and last thirds.
        Duration third = Duration.between(started, ended).dividedBy(3);
        Latency middle = receiptToCommit(db, prefix, started.plus(third), started.plus(third.multipliedBy(2)));
        Latency last = receiptToCommit(db, prefix, started.plus(third.multipliedBy(2)), ended);
        boolean keptUp = drained
                && refused == 0
                && journaled == published
                && middle.samples() > 0
                && last.p50Millis() <= 1.5 * middle.p50Millis() + KEPT_UP_SLACK.toMillis();
        RobotStep step = new RobotStep(
                robots,
                published,
                journaled,
                round2(journaled / seconds),
                committed,
                refused,
                round2(committedInStep / seconds),
                pendingAtEnd,
                receiptToCommit(db, prefix, started, Instant.now()),
                middle.p50Millis(),
                last.p50Millis(),
                blocks,
                blocks == 0 ? 0 : round2((double) committed / blocks),
                keptUp);
        System.out.printf(
                Locale.ROOT,
                "  %.1f events/s offered, %.1f/s committed in the step, %d pending at its end;"
                        + " receipt to commit p50 %.0f ms, p99 %.0f ms (p50 %.0f ms in the middle third, %.0f ms in the"
                        + " last); %.1f events a block; %s%n",
                step.eventsPerSecondOffered(),
                step.committedPerSecond(),
                pendingAtEnd,
                step.receiptToCommit().p50Millis(),
                step.receiptToCommit().p99Millis(),
                middle.p50Millis(),
                last.p50Millis(),
                step.eventsPerBlock(),
                keptUp ? "kept up" : "did NOT keep up" + (refused > 0 ? " (" + refused + " refused)" : ""));
        return step;
    }

    /**
     * {@code backlogMinutes} of {@code robots} robots' events, published faster (production steps
     * closer together, same readings) while the gateway runs without a ledger, then the gateway
     * restarted with it: the time from its health to the last event committed.
     */
    private Drain drain(
            int robots,
            PostgresServer postgres,
            MosquittoBroker broker,
            FabricNetwork.ClientSettings manufacturer,
            Connection db,
            ProcessUsage usage)
            throws Exception {
        String prefix = run + "z-";
        Path state = enrolAndRegister(prefix, robots);
        int publishSeconds = 20;
        int compressedEventsEvery = Math.max(1, eventsEvery * publishSeconds / (backlogMinutes * 60));
        System.out.printf(
                Locale.ROOT,
                "backlog: %d minutes of %d robots' events, journaled in %d s by a gateway without" + " a ledger%n",
                backlogMinutes,
                robots,
                publishSeconds);
        stopGateway();
        startGateway(postgres, broker, List.of(), "no-ledger", usage);
        SimulatorRun simulator =
                simulate(prefix, robots, state, broker, readingsPerSecond, compressedEventsEvery, publishSeconds);
        usage.watch("simulator", simulator.process().pid());
        long published = simulator.awaitEvents();
        Await.until(
                "the backlog journaled",
                Duration.ofMinutes(2),
                () -> count(db, prefix, null) >= published,
                () -> count(db, prefix, null) + " of " + published + " events journaled, "
                        + IngestionBenchmark.scalar(db, "SELECT count(*) FROM dead_letters") + " dead letters");
        stopGateway();
        long backlog = pending(db, prefix);
        startGateway(postgres, broker, manufacturer.gatewayProperties(), "drain", usage);
        long started = System.nanoTime();
        if (!awaitNonePending(db, prefix, Duration.ofMinutes(30))) {
            throw new IllegalStateException("the backlog of " + backlog + " events did not drain in 30 minutes; "
                    + pending(db, prefix) + " still pending");
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        long committed = count(db, prefix, "COMMITTED");
        long blocks = IngestionBenchmark.scalar(db, "SELECT count(DISTINCT p.block_number)" + fromEventsOf(prefix));
        Drain drain = new Drain(
                robots,
                backlog,
                round2(seconds),
                round2(backlog / seconds),
                count(db, prefix, "REFUSED"),
                blocks == 0 ? 0 : round2((double) committed / blocks));
        System.out.printf(
                Locale.ROOT,
                "  %d events drained in %.1f s: %.1f events/s, %.1f events a block, %d refused%n",
                backlog,
                seconds,
                drain.eventsPerSecond(),
                drain.eventsPerBlock(),
                drain.refused());
        return drain;
    }

    /** Keys made by the simulator's enrol command, registered with the gateway (so on the ledger), 16 at a time. */
    private Path enrolAndRegister(String prefix, int robots) throws Exception {
        Path state = work.resolve(prefix);
        Process enrol = new ProcessBuilder(
                        java(),
                        "-jar",
                        simulatorJar.toString(),
                        "enrol",
                        "--robots",
                        Integer.toString(robots),
                        "--id-prefix",
                        prefix,
                        "--state-dir",
                        state.toString())
                .redirectError(ProcessBuilder.Redirect.appendTo(
                        logs.resolve("ledger-simulator-enrol.log").toFile()))
                .start();
        JsonNode enrolment = JSON.readTree(new String(enrol.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
        awaitExit(enrol, "the simulator's enrol");
        ExecutorService registering = Executors.newFixedThreadPool(16);
        List<Future<?>> registrations = new ArrayList<>();
        int station = 0;
        for (JsonNode robot : enrolment.get("robots")) {
            ObjectNode registration = registration(
                    robot.get("robotId").asText(),
                    robot.get("publicKeyPem").asText(),
                    robot.get("site").asText(),
                    robot.get("line").asText(),
                    "station-" + ++station);
            registrations.add(registering.submit(
                    () -> gateway.register(robot.get("robotId").asText(), registration.toString())));
        }
        for (Future<?> registration : registrations) {
            registration.get();
        }
        registering.shutdown();
        return state;
    }

    /** A registration as network/system.sh sends it: the ledger records model, site, line, station, capabilities. */
    private static ObjectNode registration(String robotId, String publicKey, String site, String line, String station) {
        ObjectNode registration = JSON.createObjectNode()
                .put("robotId", robotId)
                .put("publicKey", publicKey)
                .put("model", "simulated-arm-6ax")
                .put("site", site)
                .put("line", line)
                .put("station", station);
        registration.putArray("capabilities").add("PRODUCE").add("ASSEMBLE").add("INSPECT");
        return registration;
    }

    /** The robot simulator's process, its output in {@code log}. */
    private record SimulatorRun(Process process, Path log) {

        /** Waits for it to end; the production events it published, from its last line ("done: ... N events ..."). */
        long awaitEvents() throws InterruptedException, IOException {
            awaitExit(process, "the simulator (log " + log + ")");
            Matcher done = Pattern.compile("done: \\d+ readings, (\\d+) events").matcher(Files.readString(log));
            long events = -1;
            while (done.find()) {
                events = Long.parseLong(done.group(1));
            }
            if (events < 0) {
                throw new IllegalStateException("the simulator printed no 'done' line (log " + log + ")");
            }
            return events;
        }
    }

    private SimulatorRun simulate(
            String prefix, int robots, Path state, MosquittoBroker broker, int rate, int every, int seconds)
            throws IOException {
        Path log = logs.resolve("ledger-simulator-" + prefix + "log");
        Process process = new ProcessBuilder(
                        java(),
                        "-Xmx1g",
                        "-jar",
                        simulatorJar.toString(),
                        "--robots",
                        Integer.toString(robots),
                        "--id-prefix",
                        prefix,
                        "--state-dir",
                        state.toString(),
                        "--rate",
                        rate + "/s",
                        "--events-every",
                        Integer.toString(every),
                        "--broker",
                        broker.uri(),
                        "--duration",
                        seconds + "s")
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        return new SimulatorRun(process, log);
    }

    private static void awaitExit(Process process, String what) throws InterruptedException {
        if (!process.waitFor(5, TimeUnit.MINUTES)) {
            process.destroyForcibly();
            throw new IllegalStateException(what + " did not finish in 5 minutes");
        }
        if (process.exitValue() != 0) {
            throw new IllegalStateException(what + " exited with " + process.exitValue());
        }
    }

    private static String fromEventsOf(String prefix) {
        return " FROM production_events p JOIN envelopes e ON e.envelope_id = p.envelope_id WHERE e.robot_id LIKE '"
                + prefix + "%' AND e.message_type IN " + PRODUCTION_TYPES;
    }

    private static String eventsOf(String prefix) {
        return "SELECT count(*)" + fromEventsOf(prefix);
    }

    private static long count(Connection db, String prefix, String state) {
        return IngestionBenchmark.scalar(
                db, eventsOf(prefix) + (state == null ? "" : " AND p.state = '" + state + "'"));
    }

    private static long pending(Connection db, String prefix) {
        return count(db, prefix, "PENDING");
    }

    private static boolean awaitNonePending(Connection db, String prefix, Duration timeout)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (pending(db, prefix) == 0) {
                return true;
            }
            Thread.sleep(500);
        }
        return false;
    }

    /** Journaled to committed, of the prefix's events journaled from {@code from} to {@code to}. */
    private static Latency receiptToCommit(Connection db, String prefix, Instant from, Instant to) throws Exception {
        List<Long> micros = new ArrayList<>();
        try (PreparedStatement query = db.prepareStatement("SELECT e.journaled_at, p.decided_at" + fromEventsOf(prefix)
                + " AND p.state = 'COMMITTED' AND e.journaled_at >= ? AND e.journaled_at < ?")) {
            query.setTimestamp(1, Timestamp.from(from));
            query.setTimestamp(2, Timestamp.from(to));
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    micros.add(Duration.between(
                                            rows.getTimestamp(1).toInstant(),
                                            rows.getTimestamp(2).toInstant())
                                    .toNanos()
                            / 1_000);
                }
            }
        }
        return Latency.ofMicros(micros);
    }

    private static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    private static double round2(double value) {
        return Math.round(value * 100) / 100.0;
    }

    private static void print(Report report) {
        System.out.println();
        System.out.printf(
                Locale.ROOT,
                "ceiling (RecordAnchor, best of %s in flight): %.1f transactions/s%n",
                report.ceiling().stream()
                        .map(run -> Integer.toString(run.inFlight()))
                        .toList(),
                report.ceilingTransactionsPerSecond());
        System.out.printf(
                Locale.ROOT,
                "%7s %10s %10s %9s %9s %11s %9s %9s %8s%n",
                "robots",
                "offered/s",
                "commit/s",
                "p50 ms",
                "p99 ms",
                "p50 2/3 ms",
                "3/3 ms",
                "ev/block",
                "kept up");
        for (RobotStep step : report.steps()) {
            System.out.printf(
                    Locale.ROOT,
                    "%7d %10.1f %10.1f %9.0f %9.0f %11.0f %9.0f %9.1f %8s%n",
                    step.robots(),
                    step.eventsPerSecondOffered(),
                    step.committedPerSecond(),
                    step.receiptToCommit().p50Millis(),
                    step.receiptToCommit().p99Millis(),
                    step.p50MiddleThirdMillis(),
                    step.p50LastThirdMillis(),
                    step.eventsPerBlock(),
                    step.keptUp() ? "yes" : "NO");
        }
        Drain drain = report.drain();
        System.out.printf(
                Locale.ROOT,
                "kept up with %d robots; a %d-event backlog of %d robots drained in %.1f s:"
                        + " %.1f events/s = %.2f x the ceiling%n",
                report.robotsKeptUp(),
                drain.backlogEvents(),
                drain.robots(),
                drain.drainSeconds(),
                drain.eventsPerSecond(),
                report.eventsPerSecondToCeiling());
        System.out.printf(Locale.ROOT, "%-22s %10s %10s%n", "process", "CPU s", "peak MB");
        report.processes()
                .forEach((name, used) -> System.out.printf(
                        Locale.ROOT, "%-22s %10.1f %10d%n", name, used.cpuSeconds(), used.peakResidentMegabytes()));
    }
}
