package dev.robotledger.gateway.bench;

import dev.robotledger.agent.testing.MosquittoBroker;
import dev.robotledger.gateway.testing.Await;
import dev.robotledger.gateway.testing.PostgresServer;
import dev.robotledger.gateway.testing.TestRobot;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * Valid ingestion's latency while impostors flood the broker: after a warm-up, the same valid load
 * three times: alone, beside a flood of forged windows (the valid robots' ids, signed by other keys) at
 * {@code --flood-factor} times its message rate, and alone again. The figure is the valid p99
 * during the flood against the mean of the two runs without it, measured in the same go.
 * {@code network/bench.sh} runs it.
 */
@Command(
        name = "flood-benchmark",
        mixinStandardHelpOptions = true,
        description = "Valid ingestion's p99 during a forged flood against before and after it.")
public final class FloodBenchmark implements Callable<Integer> {

    @Option(names = "--gateway-jar", required = true, description = "The gateway's executable jar.")
    Path gatewayJar;

    @Mixin
    LoadShape shape;

    @Option(
            names = "--rate",
            defaultValue = "2000",
            description = "Valid readings/s offered (default ${DEFAULT-VALUE}).")
    int rate;

    @Option(
            names = "--flood-factor",
            defaultValue = "10",
            description = "Forged messages per valid message during the flood (default ${DEFAULT-VALUE}).")
    int floodFactor;

    @Option(names = "--seconds", defaultValue = "30", description = "Length of each run (default ${DEFAULT-VALUE}).")
    int seconds;

    @Option(
            names = "--gateway-heap",
            defaultValue = "256m",
            description = "The gateway's -Xmx, as network/system.sh gives it (default ${DEFAULT-VALUE}).")
    String gatewayHeap;

    @Option(
            names = "--gateway-setting",
            description = "A setting (name=value) added to the gateway's command line; repeatable.")
    List<String> gatewaySettings = new ArrayList<>();

    @Option(
            names = "--flight-recording",
            description = "Profile the gateway with Java Flight Recorder into this file (none by default).")
    Path flightRecording;

    @Option(
            names = "--out",
            defaultValue = "target/bench/flood.json",
            description = "JSON report (default ${DEFAULT-VALUE}).")
    Path out;

    /** One run: the valid windows' publish-to-journaled latency, and what became of the forged ones. */
    record Run(
            String name,
            long validEnvelopes,
            long validJournaled,
            Latency publishToJournaled,
            long forgedPublished,
            long forgedJournaled,
            long deadLettersStored) {}

    record Report(
            Instant measuredAt,
            int cores,
            int robots,
            int validReadingsPerSecond,
            int floodFactor,
            List<Run> runs,
            double p99RatioDuringFlood) {}

    public static void main(String[] args) {
        System.exit(new CommandLine(new FloodBenchmark()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        Path logs = Files.createDirectories(out.toAbsolutePath().getParent().resolve("logs"));
        List<TestRobot> robots = new ArrayList<>();
        List<TestRobot> impostors = new ArrayList<>();
        for (int r = 0; r < shape.robots; r++) {
            String id = String.format(Locale.ROOT, "flood-%03d", r);
            robots.add(new TestRobot(id));
            // Same id, its own key: every window it signs fails the registered robot's signature check.
            impostors.add(new TestRobot(id));
        }
        try (PostgresServer postgres = PostgresServer.start();
                MosquittoBroker broker = MosquittoBroker.start();
                BenchGateway gateway = BenchGateway.start(
                        gatewayJar,
                        postgres,
                        broker.uri(),
                        logs.resolve("flood-gateway.log"),
                        gatewayHeap,
                        Optional.ofNullable(flightRecording),
                        gatewaySettings);
                Connection db = DriverManager.getConnection(postgres.jdbcUrl(), postgres.username(), "")) {
            robots.forEach(gateway::register);
            // Not counted: the gateway's JIT and connection pools warm up on it.
            run("warm-up", robots, List.of(), broker.uri(), db);
            List<Run> runs = new ArrayList<>();
            runs.add(run("valid alone", robots, List.of(), broker.uri(), db));
            runs.add(run("valid + " + floodFactor + "x forged", robots, impostors, broker.uri(), db));
            runs.add(run("valid alone again", robots, List.of(), broker.uri(), db));

            double baselineP99 = (runs.get(0).publishToJournaled().p99Millis()
                            + runs.get(2).publishToJournaled().p99Millis())
                    / 2;
            Report report = new Report(
                    Instant.now().truncatedTo(ChronoUnit.SECONDS),
                    Runtime.getRuntime().availableProcessors(),
                    shape.robots,
                    rate,
                    floodFactor,
                    runs,
                    Math.round(runs.get(1).publishToJournaled().p99Millis() / baselineP99 * 100) / 100.0);
            print(report);
            IngestionBenchmark.writeJson(out, report);
        }
        return 0;
    }

    private Run run(String name, List<TestRobot> robots, List<TestRobot> impostors, String brokerUrl, Connection db)
            throws Exception {
        // Everyone signs before the clock starts: robots and forgers sign on their own hardware.
        IngestionLoad valid = IngestionLoad.prepare(robots, shape.publishers, shape.windowReadings, rate, seconds);
        IngestionLoad forged = impostors.isEmpty()
                ? null
                : IngestionLoad.prepare(impostors, shape.publishers, shape.windowReadings, rate * floodFactor, seconds);
        long firstEnvelopeId = IngestionBenchmark.scalar(db, "SELECT coalesce(max(envelope_id), 0) FROM envelopes");
        long deadLettersBefore = IngestionBenchmark.scalar(db, "SELECT count(*) FROM dead_letters");
        System.out.printf(
                Locale.ROOT,
                "%s: %d valid windows%s over %d s%n",
                name,
                valid.envelopes(),
                forged == null ? "" : String.format(Locale.ROOT, " and %d forged", forged.envelopes()),
                seconds);
        try (valid) {
            if (forged != null) {
                forged.start(brokerUrl);
            }
            valid.start(brokerUrl);
            valid.awaitLastAcknowledged();
            if (forged != null) {
                forged.awaitLastAcknowledged();
            }
            Await.until(
                    name + ": every valid window journaled",
                    Duration.ofSeconds(Math.max(120, 2L * seconds)),
                    () -> IngestionBenchmark.scalar(
                                    db, "SELECT count(*) FROM envelopes WHERE envelope_id > " + firstEnvelopeId)
                            >= valid.envelopes());
        } finally {
            if (forged != null) {
                forged.close();
            }
        }
        List<Long> micros = new ArrayList<>();
        try (PreparedStatement query =
                db.prepareStatement("SELECT robot_id, seq, journaled_at FROM envelopes WHERE envelope_id > ?")) {
            query.setLong(1, firstEnvelopeId);
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    Instant published = valid.publishedAt(rows.getString("robot_id"), rows.getLong("seq"));
                    if (published != null) {
                        micros.add(Duration.between(
                                                published,
                                                rows.getTimestamp("journaled_at")
                                                        .toInstant())
                                        .toNanos()
                                / 1_000);
                    }
                }
            }
        }
        long journaled =
                IngestionBenchmark.scalar(db, "SELECT count(*) FROM envelopes WHERE envelope_id > " + firstEnvelopeId);
        Run result = new Run(
                name,
                valid.envelopes(),
                micros.size(),
                Latency.ofMicros(micros),
                forged == null ? 0 : forged.envelopes(),
                journaled - micros.size(),
                IngestionBenchmark.scalar(db, "SELECT count(*) FROM dead_letters") - deadLettersBefore);
        System.out.printf(
                Locale.ROOT,
                "  valid journaled %d of %d, p50 %.1f ms, p99 %.1f ms; forged journaled %d%n",
                result.validJournaled(),
                result.validEnvelopes(),
                result.publishToJournaled().p50Millis(),
                result.publishToJournaled().p99Millis(),
                result.forgedJournaled());
        return result;
    }

    private static void print(Report report) {
        System.out.println();
        System.out.printf(
                Locale.ROOT,
                "%-24s %8s %9s %8s %8s %9s %9s %12s%n",
                "run",
                "valid",
                "journaled",
                "p50 ms",
                "p99 ms",
                "forged",
                "forged in",
                "dead letters");
        for (Run run : report.runs()) {
            System.out.printf(
                    Locale.ROOT,
                    "%-24s %8d %9d %8.1f %8.1f %9d %9d %12d%n",
                    run.name(),
                    run.validEnvelopes(),
                    run.validJournaled(),
                    run.publishToJournaled().p50Millis(),
                    run.publishToJournaled().p99Millis(),
                    run.forgedPublished(),
                    run.forgedJournaled(),
                    run.deadLettersStored());
        }
        System.out.printf(
                Locale.ROOT,
                "valid p99 during a %dx forged flood = %.2f x its p99 without one (mean of before and after)%n",
                report.floodFactor(),
                report.p99RatioDuringFlood());
    }
}
