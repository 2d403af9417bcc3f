package dev.robotledger.gateway.bench;

import static dev.robotledger.contract.ContractTransaction.RECORD_PRODUCTION;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.robotledger.agent.testing.MosquittoBroker;
import dev.robotledger.gateway.access.Role;
import dev.robotledger.gateway.readmodel.CommittedTransaction;
import dev.robotledger.gateway.readmodel.LedgerBlock;
import dev.robotledger.gateway.readmodel.ReadModelStore;
import dev.robotledger.gateway.readmodel.StateWrite;
import dev.robotledger.gateway.testing.PostgresServer;
import dev.robotledger.gateway.testing.TestRobot;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.zip.GZIPInputStream;
import org.springframework.core.io.ClassPathResource;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import org.springframework.jdbc.datasource.init.ScriptUtils;
import org.springframework.transaction.support.TransactionTemplate;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * Provenance queries from the read model through the gateway's production jar: a product of
 * 1,124 components in four levels below it (fan-out 4, 5, 5, 10) is projected into the read model
 * as blocks, then the gateway answers its whole tree. Baseline in the same run: the same product's
 * own record ({@code GET /api/goods/{id}}, one row), through the same HTTP, access and JDBC path.
 * First each query as fast as {@code --clients} closed-loop clients can ask, then the tree at
 * fixed offered rates (open loop, latency from the scheduled send, so a slow answer is not
 * hidden by the next request waiting). Every tree run is done twice, plain and asking for gzip
 * (the client decompresses, on the same cores). With {@code --ingestion-rate}, every tree run is
 * then repeated while robots publish telemetry to the same gateway at that rate. Prints a table
 * and writes JSON.
 */
@Command(
        name = "provenance-query-benchmark",
        mixinStandardHelpOptions = true,
        description = "Provenance tree queries from the read model against a one-record baseline.")
public final class ProvenanceQueryBenchmark implements Callable<Integer> {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String PRODUCT = "bench-product";
    private static final int[] FAN_OUT = {4, 5, 5, 10};
    private static final Duration INGESTION_LEAD_IN = Duration.ofSeconds(3);

    @Option(names = "--gateway-jar", required = true, description = "The gateway's executable jar.")
    Path gatewayJar;

    @Option(
            names = "--gateway-heap",
            defaultValue = "256m",
            description = "The gateway's -Xmx (default ${DEFAULT-VALUE}).")
    String gatewayHeap;

    @Option(names = "--clients", defaultValue = "8", description = "Closed-loop clients (default ${DEFAULT-VALUE}).")
    int clients;

    @Option(names = "--seconds", defaultValue = "15", description = "Length of each run (default ${DEFAULT-VALUE}).")
    int seconds;

    @Option(
            names = "--rates",
            split = ",",
            defaultValue = "50,100,200,400,2000",
            description = "Offered tree queries per second, open loop (default ${DEFAULT-VALUE}).")
    List<Integer> rates;

    @Option(
            names = "--max-in-flight",
            defaultValue = "64",
            description = "Open loop: a request due while this many are unanswered is not sent and counts as"
                    + " failed, so that a gateway that falls behind is not buried (nor this client's heap) under"
                    + " 1.28 MB answers (default ${DEFAULT-VALUE}).")
    int maxInFlight;

    @Option(
            names = "--ingestion-rate",
            defaultValue = "0",
            description = "Then every tree run again while robots publish this many readings/s to the same gateway;"
                    + " 0 skips it (default ${DEFAULT-VALUE}).")
    int ingestionRate;

    @Mixin
    LoadShape shape;

    @Option(names = "--gateway-jfr", description = "Profile the gateway with Java Flight Recorder into this file.")
    Path gatewayFlightRecording;

    @Option(names = "--out", defaultValue = "target/bench/provenance-queries.json", description = "JSON report.")
    Path out;

    /**
     * One run: what was asked, how much was answered, how fast; {@code responseBytes} decompressed,
     * {@code wireBytes} as sent; with ingestion running, the readings/s published and journaled
     * meanwhile (else NaN).
     */
    record Run(
            String name,
            boolean gzip,
            double offeredPerSecond,
            long answered,
            long failed,
            double answeredPerSecond,
            Latency latency,
            long responseBytes,
            long wireBytes,
            double ingestionPublishedPerSecond,
            double ingestionJournaledPerSecond) {

        Run withIngestion(double published, double journaled) {
            return new Run(
                    name,
                    gzip,
                    offeredPerSecond,
                    answered,
                    failed,
                    answeredPerSecond,
                    latency,
                    responseBytes,
                    wireBytes,
                    published,
                    journaled);
        }
    }

    /** The tree runs of one phase: plain and gzip, closed loop and at the offered rates. */
    record Phase(
            int ingestionReadingsPerSecond,
            Run tree,
            Run treeGzip,
            List<Run> offeredRates,
            List<Run> offeredRatesGzip) {}

    record Report(
            Instant measuredAt,
            int cores,
            String javaVersion,
            int components,
            int depth,
            Run baseline,
            Run tree,
            double treeToBaselineRatio,
            List<Run> offeredRates,
            Run treeGzip,
            double treeGzipToBaselineRatio,
            List<Run> offeredRatesGzip,
            Phase withIngestion) {}

    public static void main(String[] args) {
        System.exit(new CommandLine(new ProvenanceQueryBenchmark()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        Path logs = Files.createDirectories(out.toAbsolutePath().getParent().resolve("logs"));
        try (PostgresServer postgres = withReadModelSchema(PostgresServer.start());
                MosquittoBroker broker = MosquittoBroker.start();
                BenchGateway gateway = BenchGateway.start(
                        gatewayJar,
                        postgres,
                        broker.uri(),
                        logs.resolve("gateway-queries.log"),
                        gatewayHeap,
                        Optional.ofNullable(gatewayFlightRecording))) {
            int components = seed(postgres);
            HttpClient http = HttpClient.newBuilder()
                    .connectTimeout(Duration.ofSeconds(2))
                    .build();
            HttpRequest record = get(gateway, "/api/goods/" + PRODUCT, false);
            HttpRequest tree = get(gateway, "/api/goods/" + PRODUCT + "/provenance", false);
            HttpRequest treeGzip = get(gateway, "/api/goods/" + PRODUCT + "/provenance", true);
            JsonNode answer = JSON.readTree(
                    http.send(tree, HttpResponse.BodyHandlers.ofByteArray()).body());
            if (answer.path("provenance").path("nodeCount").asInt() != components + 1) {
                throw new IllegalStateException("the gateway's tree is not the seeded one: "
                        + answer.toString()
                                .substring(0, Math.min(300, answer.toString().length())));
            }
            System.out.printf(
                    Locale.ROOT,
                    "read model seeded: %d components below %s, depth %d%n",
                    components,
                    PRODUCT,
                    FAN_OUT.length);

            // JIT warm-up of every path, not reported: the record's own path (JSON encoding of a
            // small answer) is not exercised by the tree's.
            closedLoop(http, record, 5);
            closedLoop(http, tree, 5);
            closedLoop(http, treeGzip, 3);
            Run baseline = closedLoop(http, record, seconds);
            print("baseline: one record, closed loop", baseline);
            Phase idle = treeRuns(http, tree, treeGzip, null);

            Phase withIngestion = null;
            if (ingestionRate > 0) {
                List<TestRobot> robots = new ArrayList<>();
                for (int r = 0; r < shape.robots; r++) {
                    robots.add(new TestRobot(String.format(Locale.ROOT, "bench-%03d", r)));
                }
                robots.forEach(gateway::register);
                System.out.printf(
                        Locale.ROOT,
                        "the same tree runs with %d robots publishing %d readings/s"
                                + " (%d-reading windows) to the same gateway%n",
                        shape.robots,
                        ingestionRate,
                        shape.windowReadings);
                try (Connection db = DriverManager.getConnection(postgres.jdbcUrl(), postgres.username(), "")) {
                    withIngestion =
                            treeRuns(http, tree, treeGzip, run -> underIngestion(run, broker.uri(), robots, db));
                }
            }
            Report report = new Report(
                    Instant.now().truncatedTo(ChronoUnit.SECONDS),
                    Runtime.getRuntime().availableProcessors(),
                    System.getProperty("java.version"),
                    components,
                    FAN_OUT.length,
                    baseline,
                    idle.tree(),
                    idle.tree().answeredPerSecond() / baseline.answeredPerSecond(),
                    idle.offeredRates(),
                    idle.treeGzip(),
                    idle.treeGzip().answeredPerSecond() / baseline.answeredPerSecond(),
                    idle.offeredRatesGzip(),
                    withIngestion);
            System.out.printf(
                    Locale.ROOT,
                    "tree / one-record rate, same run: %.4f plain, %.4f gzip%n",
                    report.treeToBaselineRatio(),
                    report.treeGzipToBaselineRatio());
            Files.createDirectories(out.toAbsolutePath().getParent());
            new ObjectMapper()
                    .registerModule(new JavaTimeModule())
                    .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                    .enable(SerializationFeature.INDENT_OUTPUT)
                    .writeValue(out.toFile(), report);
            System.out.println("JSON report: " + out);
        }
        return 0;
    }

    /** A measurement, run as it is or with ingestion running meanwhile. */
    private interface Measurement {
        Run run() throws Exception;
    }

    private interface Conditions {
        Run apply(Measurement measurement) throws Exception;
    }

    private Phase treeRuns(HttpClient http, HttpRequest tree, HttpRequest treeGzip, Conditions conditions)
            throws Exception {
        Conditions under = conditions == null ? Measurement::run : conditions;
        String suffix = conditions == null ? "" : ", ingesting";
        Run plain = under.apply(() -> closedLoop(http, tree, seconds));
        print("tree, closed loop" + suffix, plain);
        Run gzip = under.apply(() -> closedLoop(http, treeGzip, seconds));
        print("tree gzip, closed loop" + suffix, gzip);
        List<Run> offered = new ArrayList<>();
        List<Run> offeredGzip = new ArrayList<>();
        for (int rate : rates) {
            Run run = under.apply(() -> openLoop(http, tree, rate, seconds));
            offered.add(run);
            print("tree at " + rate + "/s offered" + suffix, run);
            Run runGzip = under.apply(() -> openLoop(http, treeGzip, rate, seconds));
            offeredGzip.add(runGzip);
            print("tree gzip at " + rate + "/s offered" + suffix, runGzip);
        }
        return new Phase(conditions == null ? 0 : ingestionRate, plain, gzip, offered, offeredGzip);
    }

    /**
     * Publishes at {@code --ingestion-rate} from a lead-in before the measurement to its end, and
     * counts the readings journaled during the measurement itself.
     */
    private Run underIngestion(Measurement measurement, String brokerUrl, List<TestRobot> robots, Connection db)
            throws Exception {
        try (IngestionLoad load = IngestionLoad.start(
                brokerUrl,
                robots,
                shape.publishers,
                shape.windowReadings,
                ingestionRate,
                INGESTION_LEAD_IN.toSeconds() + seconds)) {
            LockSupport.parkNanos(INGESTION_LEAD_IN.toNanos()); // to a steady state, not a readiness wait
            long journaledBefore = journaledReadings(db);
            long started = System.nanoTime();
            Run run = measurement.run();
            double journaled = (journaledReadings(db) - journaledBefore) / ((System.nanoTime() - started) / 1e9);
            return run.withIngestion(load.awaitPublished(), journaled);
        }
    }

    private static long journaledReadings(Connection db) throws Exception {
        try (var query = db.prepareStatement("SELECT coalesce(sum(reading_count), 0) FROM envelopes");
                var row = query.executeQuery()) {
            row.next();
            return row.getLong(1);
        }
    }

    /**
     * This build's read-model tables before the gateway starts, so that a jar of an older build
     * (measured against this one) finds the columns the seeding writes; its own schema script
     * then changes nothing.
     */
    private static PostgresServer withReadModelSchema(PostgresServer postgres) throws Exception {
        try (Connection connection = DriverManager.getConnection(postgres.jdbcUrl(), postgres.username(), "")) {
            ScriptUtils.executeSqlScript(connection, new ClassPathResource("db/read-model/V1__read_model.sql"));
        }
        return postgres;
    }

    private static HttpRequest get(BenchGateway gateway, String path, boolean gzip) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(gateway.baseUrl() + path))
                .header("Authorization", "Bearer " + gateway.tokens().token(Role.RETAILER))
                .timeout(Duration.ofSeconds(30));
        if (gzip) {
            request.header("Accept-Encoding", "gzip");
        }
        return request.build();
    }

    private static boolean gzip(HttpRequest request) {
        return request.headers().firstValue("Accept-Encoding").isPresent();
    }

    /**
     * The answer's length as the client reads it: a gzip answer is decompressed (a client has to),
     * so that work is measured too, on the same cores. An older gateway answers plain JSON.
     */
    private static long answerLength(HttpResponse<byte[]> response) throws IOException {
        if (response.headers()
                .firstValue("Content-Encoding")
                .filter("gzip"::equalsIgnoreCase)
                .isEmpty()) {
            return response.body().length;
        }
        try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(response.body()))) {
            return in.transferTo(OutputStream.nullOutputStream());
        }
    }

    /**
     * Projects the product into the read model as a peer's blocks would: robots, then each level's
     * goods from the leaves up, shaped like the chaincode's records (a leaf of the fixture tree).
     */
    private static int seed(PostgresServer postgres) throws Exception {
        JsonNode fixture;
        try (InputStream in =
                ProvenanceQueryBenchmark.class.getResourceAsStream("/provenance/three-level-product.json")) {
            fixture = JSON.readTree(in);
        }
        JsonNode leaf = fixture.at("/tree/parts/0/parts/0/good");
        JsonNode robot = fixture.at("/tree/parts/0/parts/0/robot");
        DriverManagerDataSource dataSource = new DriverManagerDataSource(postgres.jdbcUrl(), postgres.username(), "");
        ReadModelStore store = new ReadModelStore(
                dataSource,
                new TransactionTemplate(new DataSourceTransactionManager(dataSource)),
                "provenance",
                "provenance");
        long block = store.nextBlock();
        store.apply(block(
                block++,
                List.of(new StateWrite("robot", List.of(robot.get("id").asText()), JSON.writeValueAsBytes(robot)))));
        List<List<String>> levels = new ArrayList<>();
        levels.add(List.of(PRODUCT));
        for (int fanOut : FAN_OUT) {
            List<String> next = new ArrayList<>();
            for (String parent : levels.get(levels.size() - 1)) {
                for (int i = 0; i < fanOut; i++) {
                    next.add(parent + "." + i);
                }
            }
            levels.add(next);
        }
        int components = 0;
        for (int depth = levels.size() - 1; depth >= 0; depth--) {
            List<StateWrite> writes = new ArrayList<>();
            for (String id : levels.get(depth)) {
                ObjectNode good = leaf.deepCopy();
                good.put("id", id);
                var parts = good.putArray("partIds");
                if (depth < FAN_OUT.length) {
                    for (int i = 0; i < FAN_OUT[depth]; i++) {
                        parts.add(id + "." + i);
                    }
                }
                if (depth > 0) {
                    good.put("parentId", id.substring(0, id.lastIndexOf('.')));
                    components++;
                } else {
                    good.remove("parentId");
                }
                writes.add(new StateWrite("good", List.of(id), JSON.writeValueAsBytes(good)));
            }
            store.apply(block(block++, writes));
        }
        return components;
    }

    private static LedgerBlock block(long number, List<StateWrite> writes) {
        return new LedgerBlock(
                number,
                new byte[32],
                new byte[0],
                new byte[32],
                List.of(new CommittedTransaction(
                        0,
                        "bench-" + number,
                        Instant.now(),
                        "ManufacturerMSP",
                        RECORD_PRODUCTION.functionName(),
                        writes)));
    }

    private Run closedLoop(HttpClient http, HttpRequest request, int seconds) throws Exception {
        List<Long> latencies = Collections.synchronizedList(new ArrayList<>());
        AtomicLong failed = new AtomicLong();
        AtomicLong bytes = new AtomicLong();
        AtomicLong wire = new AtomicLong();
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        long started = System.nanoTime();
        List<CompletableFuture<Void>> loops = new ArrayList<>();
        for (int c = 0; c < clients; c++) {
            loops.add(CompletableFuture.runAsync(
                    () -> {
                        while (System.nanoTime() < end) {
                            long sent = System.nanoTime();
                            try {
                                HttpResponse<byte[]> response =
                                        http.send(request, HttpResponse.BodyHandlers.ofByteArray());
                                if (response.statusCode() == 200) {
                                    bytes.set(answerLength(response));
                                    latencies.add((System.nanoTime() - sent) / 1_000);
                                    wire.set(response.body().length);
                                } else {
                                    failed.incrementAndGet();
                                }
                            } catch (Exception e) {
                                failed.incrementAndGet();
                            }
                        }
                    },
                    pool));
        }
        CompletableFuture.allOf(loops.toArray(CompletableFuture[]::new)).join();
        double elapsed = (System.nanoTime() - started) / 1e9;
        pool.shutdown();
        return new Run(
                "closed loop " + request.uri().getPath(),
                gzip(request),
                Double.NaN,
                latencies.size(),
                failed.get(),
                latencies.size() / elapsed,
                Latency.ofMicros(latencies),
                bytes.get(),
                wire.get(),
                Double.NaN,
                Double.NaN);
    }

    private Run openLoop(HttpClient http, HttpRequest request, int rate, int seconds) {
        List<Long> latencies = Collections.synchronizedList(new ArrayList<>());
        AtomicLong failed = new AtomicLong();
        AtomicLong bytes = new AtomicLong();
        AtomicLong wire = new AtomicLong();
        List<CompletableFuture<Void>> pending = new ArrayList<>();
        AtomicInteger inFlight = new AtomicInteger();
        AtomicLong notSent = new AtomicLong();
        long total = (long) rate * seconds;
        long started = System.nanoTime();
        for (long i = 0; i < total; i++) {
            long due = started + i * 1_000_000_000L / rate;
            long wait = due - System.nanoTime();
            if (wait > 0) {
                LockSupport.parkNanos(wait);
            }
            if (inFlight.get() >= maxInFlight) {
                failed.incrementAndGet();
                notSent.incrementAndGet();
                continue;
            }
            inFlight.incrementAndGet();
            pending.add(http.sendAsync(request, HttpResponse.BodyHandlers.ofByteArray())
                    .handle((response, error) -> {
                        inFlight.decrementAndGet();
                        if (error == null && response.statusCode() == 200) {
                            try {
                                bytes.set(answerLength(response));
                                latencies.add((System.nanoTime() - due) / 1_000);
                                wire.set(response.body().length);
                            } catch (IOException malformed) {
                                failed.incrementAndGet();
                            }
                        } else {
                            failed.incrementAndGet();
                        }
                        return null;
                    }));
        }
        CompletableFuture.allOf(pending.toArray(CompletableFuture[]::new)).join();
        double elapsed = (System.nanoTime() - started) / 1e9;
        if (notSent.get() > 0) {
            System.out.printf(
                    Locale.ROOT,
                    "  %d of %d requests not sent: %d were unanswered when they were due%n",
                    notSent.get(),
                    total,
                    maxInFlight);
        }
        return new Run(
                "open loop " + rate + "/s",
                gzip(request),
                rate,
                latencies.size(),
                failed.get(),
                latencies.size() / elapsed,
                Latency.ofMicros(latencies),
                bytes.get(),
                wire.get(),
                Double.NaN,
                Double.NaN);
    }

    private static void print(String name, Run run) {
        System.out.printf(
                Locale.ROOT,
                "%-44s %8.1f answered/s  p50 %8.2f ms  p99 %8.2f ms  failed %d  %d bytes" + " (%d on the wire)%s%n",
                name,
                run.answeredPerSecond(),
                run.latency().p50Millis(),
                run.latency().p99Millis(),
                run.failed(),
                run.responseBytes(),
                run.wireBytes(),
                Double.isNaN(run.ingestionPublishedPerSecond())
                        ? ""
                        : String.format(
                                Locale.ROOT,
                                "  ingestion: %.0f readings/s published, %.0f journaled",
                                run.ingestionPublishedPerSecond(),
                                run.ingestionJournaledPerSecond()));
    }
}
