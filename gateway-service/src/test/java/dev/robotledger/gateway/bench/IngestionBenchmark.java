package dev.robotledger.gateway.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.robotledger.agent.testing.MosquittoBroker;
import dev.robotledger.gateway.bench.ProcessStats.Usage;
import dev.robotledger.gateway.testing.Await;
import dev.robotledger.gateway.testing.PostgresServer;
import dev.robotledger.gateway.testing.TestRobot;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * End-to-end ingestion benchmark with its baseline measured in the same run: the raw QoS 1
 * throughput of the same broker, then robots publishing pre-signed telemetry windows at rising
 * offered rates through the gateway (its production jar) into PostgreSQL, until it stops keeping
 * up, then the raw baseline again. Prints a table and writes JSON. Robots sign on their own
 * hardware, so each step's windows are signed before its clock starts. {@code network/bench.sh}
 * runs it; the ledger leg (submit and commit of anchors) is missing because no Fabric network
 * can run on this machine yet.
 */
@Command(
        name = "ingestion-benchmark",
        mixinStandardHelpOptions = true,
        description = "Ingestion throughput and latency against the raw broker baseline.")
public final class IngestionBenchmark implements Callable<Integer> {

    /** Latency bound under which a step counts as keeping up (the target for committed anchors). */
    private static final Duration KEEPING_UP_P99 = Duration.ofSeconds(2);
    /** Share of the offered rate both the publishers and the journal must reach for a step to count. */
    private static final double KEEPING_UP_SHARE = 0.95;

    private static final int DISTINCT_BASELINE_PAYLOADS = 1_000;

    @Option(names = "--gateway-jar", required = true, description = "The gateway's executable jar.")
    Path gatewayJar;

    @Mixin
    LoadShape shape;

    @Option(
            names = "--rates",
            split = ",",
            defaultValue = "5000,10000,20000,40000,80000,120000,160000",
            description =
                    "Offered readings/s, one step each, until a step does not keep up (default ${DEFAULT-VALUE}).")
    List<Integer> rates;

    @Option(
            names = "--step-seconds",
            defaultValue = "20",
            description = "Length of each step (default ${DEFAULT-VALUE}).")
    int stepSeconds;

    @Option(
            names = "--sustain-seconds",
            defaultValue = "0",
            description = "Then hold --sustain-rate this long; 0 skips it (default ${DEFAULT-VALUE}).")
    int sustainSeconds;

    @Option(
            names = "--sustain-rate",
            defaultValue = "10000",
            description = "Readings/s of the sustained run (default ${DEFAULT-VALUE}).")
    int sustainRate;

    @Option(
            names = "--baseline-messages",
            defaultValue = "20000",
            description = "Messages in each raw broker baseline run (default ${DEFAULT-VALUE}).")
    int baselineMessages;

    @Option(
            names = "--gateway-heap",
            defaultValue = "256m",
            description = "The gateway's -Xmx, as network/system.sh gives it (default ${DEFAULT-VALUE}).")
    String gatewayHeap;

    @Option(names = "--gateway-jfr", description = "Profile the gateway with Java Flight Recorder into this file.")
    Path gatewayFlightRecording;

    @Option(
            names = "--out",
            defaultValue = "target/bench/ingestion.json",
            description = "JSON report (default ${DEFAULT-VALUE}).")
    Path out;

    /** One offered rate held for a while: what was offered, what the gateway journaled, how fast, at what cost. */
    record StepResult(
            String name,
            int offeredReadingsPerSecond,
            double achievedOfferedReadingsPerSecond,
            long envelopes,
            long readings,
            long journaled,
            long rejected,
            double journaledReadingsPerSecond,
            double envelopesPerSecond,
            Latency publishToJournaled,
            Latency publishToSealedInBatch,
            Map<String, Double> cpuCores,
            Map<String, Long> peakResidentMegabytes,
            boolean keptUp) {}

    /** Baselines before and after the steps, the steps, and the ratios against the mean baseline. */
    record Report(
            Instant measuredAt,
            int cores,
            String javaVersion,
            int robots,
            int windowReadings,
            int publishers,
            RawBrokerBaseline.Result rawBefore,
            RawBrokerBaseline.Result rawAfter,
            List<StepResult> steps,
            double bestSustainedEnvelopesPerSecond,
            double ratioToRawBrokerMessages) {}

    public static void main(String[] args) {
        System.exit(new CommandLine(new IngestionBenchmark()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        Path logs = Files.createDirectories(out.toAbsolutePath().getParent().resolve("logs"));
        try (PostgresServer postgres = PostgresServer.start();
                MosquittoBroker broker = MosquittoBroker.start()) {
            List<TestRobot> robots = new ArrayList<>();
            for (int r = 0; r < shape.robots; r++) {
                robots.add(new TestRobot(String.format(Locale.ROOT, "bench-%03d", r)));
            }
            List<byte[]> baselinePayloads = baselinePayloads();
            System.out.printf(
                    Locale.ROOT,
                    "raw broker baseline: %d QoS 1 messages of %d bytes, %d publishers%n",
                    baselineMessages,
                    baselinePayloads.get(0).length,
                    shape.publishers);
            RawBrokerBaseline.Result rawBefore =
                    RawBrokerBaseline.run(broker.uri(), baselinePayloads, shape.publishers);
            System.out.printf(Locale.ROOT, "  %.0f messages/s%n", rawBefore.messagesPerSecond());

            List<StepResult> steps = new ArrayList<>();
            try (BenchGateway gateway = BenchGateway.start(
                            gatewayJar,
                            postgres,
                            broker.uri(),
                            logs.resolve("gateway.log"),
                            gatewayHeap,
                            Optional.ofNullable(gatewayFlightRecording));
                    Connection db = DriverManager.getConnection(postgres.jdbcUrl(), postgres.username(), "")) {
                robots.forEach(gateway::register);
                for (int rate : rates) {
                    StepResult step = runStep("step " + rate, rate, stepSeconds, robots, broker.uri(), db);
                    steps.add(step);
                    if (!step.keptUp()) {
                        break;
                    }
                }
                if (sustainSeconds > 0) {
                    steps.add(
                            runStep("sustained " + sustainRate, sustainRate, sustainSeconds, robots, broker.uri(), db));
                }
            }

            RawBrokerBaseline.Result rawAfter = RawBrokerBaseline.run(broker.uri(), baselinePayloads, shape.publishers);
            System.out.printf(
                    Locale.ROOT, "raw broker baseline again: %.0f messages/s%n", rawAfter.messagesPerSecond());
            double rawMean = (rawBefore.messagesPerSecond() + rawAfter.messagesPerSecond()) / 2;
            double best = steps.stream()
                    .filter(StepResult::keptUp)
                    .mapToDouble(StepResult::envelopesPerSecond)
                    .max()
                    .orElse(0);
            Report report = new Report(
                    Instant.now().truncatedTo(ChronoUnit.SECONDS),
                    Runtime.getRuntime().availableProcessors(),
                    System.getProperty("java.version"),
                    shape.robots,
                    shape.windowReadings,
                    shape.publishers,
                    rawBefore,
                    rawAfter,
                    steps,
                    best,
                    best / rawMean);
            print(report, rawMean);
            writeJson(out, report);
        }
        return 0;
    }

    // The same windows the steps publish, in size: a throwaway robot's, repeated to the wanted count.
    private List<byte[]> baselinePayloads() {
        TestRobot robot = new TestRobot("bench-baseline");
        List<byte[]> distinct = new ArrayList<>();
        for (int i = 0; i < Math.min(DISTINCT_BASELINE_PAYLOADS, baselineMessages); i++) {
            distinct.add(robot.windowSignedAt(shape.windowReadings, System.currentTimeMillis())
                    .toBytes());
        }
        List<byte[]> payloads = new ArrayList<>(baselineMessages);
        for (int i = 0; i < baselineMessages; i++) {
            payloads.add(distinct.get(i % distinct.size()));
        }
        return payloads;
    }

    private StepResult runStep(
            String name, int rate, int seconds, List<TestRobot> robots, String brokerUrl, Connection db)
            throws Exception {
        // Sign first: robots sign on their own hardware.
        IngestionLoad load = IngestionLoad.prepare(robots, shape.publishers, shape.windowReadings, rate, seconds);
        long envelopes = load.envelopes();
        long readings = load.readings();
        long firstEnvelopeId = scalar(db, "SELECT coalesce(max(envelope_id), 0) FROM envelopes");
        long rejectedBefore = scalar(db, "SELECT count(*) FROM dead_letters");
        System.out.printf(
                Locale.ROOT,
                "%s: %d robots x %d windows of %d readings at %d readings/s offered%n",
                name,
                robots.size(),
                load.windowsPerRobot(),
                shape.windowReadings,
                rate);

        Map<String, Usage> usageBefore = ProcessStats.sample();
        Map<String, Long> peakRss = new ConcurrentHashMap<>();
        ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor();
        sampler.scheduleAtFixedRate(
                () -> ProcessStats.sample()
                        .forEach((program, usage) -> peakRss.merge(program, usage.residentBytes(), Math::max)),
                0,
                500,
                TimeUnit.MILLISECONDS);
        Instant start = Instant.now();
        long startNanos;
        long lastPublishNanos;
        boolean allJournaled;
        try (load) {
            load.start(brokerUrl);
            startNanos = load.startNanos();
            lastPublishNanos = load.awaitLastAcknowledged();
            // A step the gateway cannot journal in time did not keep up; its figures are of what was journaled.
            allJournaled = within(
                    Duration.ofSeconds(Math.max(60, seconds)),
                    () -> scalar(db, "SELECT count(*) FROM envelopes WHERE envelope_id > " + firstEnvelopeId)
                            >= envelopes);
        }
        double wallSeconds = (System.nanoTime() - startNanos) / 1e9;
        Map<String, Usage> usageAfter = ProcessStats.sample();
        if (allJournaled) {
            // Anchor batches are sealed by age or size; give the last ones time to be sealed.
            Await.until(
                    name + ": every window sealed in an anchor batch",
                    Duration.ofSeconds(60),
                    () -> scalar(
                                    db,
                                    "SELECT count(*) FROM envelopes WHERE envelope_id > " + firstEnvelopeId
                                            + " AND batch_id IS NULL")
                            == 0);
        }
        sampler.shutdownNow();

        List<Long> toJournal = new ArrayList<>();
        List<Long> toSealed = new ArrayList<>();
        Instant lastJournaled = start;
        try (PreparedStatement query = db.prepareStatement("""
                SELECT e.robot_id, e.seq, e.journaled_at, b.created_at AS sealed_at
                  FROM envelopes e LEFT JOIN anchor_batches b ON b.batch_id = e.batch_id
                 WHERE e.envelope_id > ?""")) {
            query.setLong(1, firstEnvelopeId);
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    Instant published = load.publishedAt(rows.getString("robot_id"), rows.getLong("seq"));
                    Instant journaled = rows.getTimestamp("journaled_at").toInstant();
                    toJournal.add(Duration.between(published, journaled).toNanos() / 1_000);
                    Timestamp sealed = rows.getTimestamp("sealed_at");
                    if (sealed != null) {
                        toSealed.add(
                                Duration.between(published, sealed.toInstant()).toNanos() / 1_000);
                    }
                    if (journaled.isAfter(lastJournaled)) {
                        lastJournaled = journaled;
                    }
                }
            }
        }
        double journalSeconds = Duration.between(start, lastJournaled).toNanos() / 1e9;
        double publishSeconds = (lastPublishNanos - startNanos) / 1e9;
        Latency journalLatency = Latency.ofMicros(toJournal);
        Map<String, Double> cores = new HashMap<>();
        usageAfter.forEach((program, after) -> cores.put(
                program,
                round2((after.cpuSeconds()
                                - usageBefore
                                        .getOrDefault(program, new Usage(0, 0))
                                        .cpuSeconds())
                        / wallSeconds)));
        Map<String, Long> peakMegabytes = new HashMap<>();
        peakRss.forEach((program, bytes) -> peakMegabytes.put(program, bytes / (1024 * 1024)));
        double achievedOffered = readings / Math.max(publishSeconds, (double) seconds);
        double journaledRate = readings / journalSeconds;
        boolean keptUp = toJournal.size() == envelopes
                && journalLatency.p99Millis() < KEEPING_UP_P99.toMillis()
                && achievedOffered >= KEEPING_UP_SHARE * rate
                && journaledRate >= KEEPING_UP_SHARE * rate;
        StepResult result = new StepResult(
                name,
                rate,
                Math.round(achievedOffered),
                envelopes,
                readings,
                toJournal.size(),
                scalar(db, "SELECT count(*) FROM dead_letters") - rejectedBefore,
                Math.round(journaledRate),
                round2(envelopes / journalSeconds),
                journalLatency,
                Latency.ofMicros(toSealed),
                cores,
                peakMegabytes,
                keptUp);
        System.out.printf(
                Locale.ROOT,
                "  journaled %.0f readings/s (%.0f envelopes/s), p50 %.1f ms, p99 %.1f ms, %s%n",
                result.journaledReadingsPerSecond(),
                result.envelopesPerSecond(),
                journalLatency.p50Millis(),
                journalLatency.p99Millis(),
                keptUp ? "kept up" : "did NOT keep up");
        return result;
    }

    /** Whether {@code condition} came true within {@code timeout}, polled every 100 ms. */
    private static boolean within(Duration timeout, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            Thread.sleep(100);
        }
        return true;
    }

    /** Writes a benchmark's report as indented JSON and says where. */
    static void writeJson(Path out, Object report) throws IOException {
        Files.createDirectories(out.toAbsolutePath().getParent());
        new ObjectMapper()
                .registerModule(new JavaTimeModule())
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                .enable(SerializationFeature.INDENT_OUTPUT)
                .writeValue(out.toFile(), report);
        System.out.println("JSON report: " + out);
    }

    static long scalar(Connection db, String sql) {
        try (PreparedStatement statement = db.prepareStatement(sql);
                ResultSet row = statement.executeQuery()) {
            row.next();
            return row.getLong(1);
        } catch (SQLException e) {
            throw new IllegalStateException("benchmark query failed: " + sql, e);
        }
    }

    private static double round2(double value) {
        return Math.round(value * 100) / 100.0;
    }

    private static void print(Report report, double rawMean) {
        System.out.println();
        System.out.printf(
                Locale.ROOT,
                "raw broker QoS 1 (same payloads, %d publishers): %.0f / %.0f messages/s (before / after)%n",
                report.publishers(),
                report.rawBefore().messagesPerSecond(),
                report.rawAfter().messagesPerSecond());
        System.out.printf(
                Locale.ROOT,
                "%-18s %9s %9s %10s %9s %8s %8s %9s %8s %9s %s%n",
                "step",
                "offered",
                "journaled",
                "envelopes",
                "p50 ms",
                "p99 ms",
                "seal p99",
                "gw cores",
                "gw MB",
                "rejected",
                "kept up");
        for (StepResult step : report.steps()) {
            System.out.printf(
                    Locale.ROOT,
                    "%-18s %9d %9.0f %10.0f %9.1f %8.1f %8.0f %9.2f %8d %9d %s%n",
                    step.name(),
                    step.offeredReadingsPerSecond(),
                    step.journaledReadingsPerSecond(),
                    step.envelopesPerSecond(),
                    step.publishToJournaled().p50Millis(),
                    step.publishToJournaled().p99Millis(),
                    step.publishToSealedInBatch().p99Millis(),
                    step.cpuCores().getOrDefault("java", 0.0),
                    step.peakResidentMegabytes().getOrDefault("java", 0L),
                    step.rejected(),
                    step.keptUp() ? "yes" : "no");
        }
        System.out.printf(
                Locale.ROOT,
                "best step kept up: %.0f envelopes/s = %.3f x the raw broker's %.0f messages/s%n",
                report.bestSustainedEnvelopesPerSecond(),
                report.ratioToRawBrokerMessages(),
                rawMean);
    }
}
