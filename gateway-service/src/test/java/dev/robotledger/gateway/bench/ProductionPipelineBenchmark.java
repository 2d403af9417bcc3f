package dev.robotledger.gateway.bench;

import static dev.robotledger.gateway.testing.ProductionPayloads.check;
import static dev.robotledger.gateway.testing.ProductionPayloads.component;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.robotledger.gateway.testing.FabricGateways;
import dev.robotledger.gateway.testing.FabricNetwork;
import dev.robotledger.gateway.testing.InProcessGateway;
import dev.robotledger.gateway.testing.JournalAndBroker;
import dev.robotledger.gateway.testing.Publisher;
import dev.robotledger.gateway.testing.TestRobot;
import dev.robotledger.wire.message.MessageType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.springframework.jdbc.core.JdbcTemplate;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Production events through the manufacturer's gateway to the tests' Fabric network (the one the
 * Fabric test tier uses: {@code network/fabric.sh} in {@code .state/test-fabric}, ports moved by
 * {@code -Dfabric.port-offset}), with the journal in a PostgreSQL and robots on a Mosquitto of its
 * own. The gateway runs in this process. Two submitters in the same run: serial (one event in
 * flight, each waiting for its commit: the gateway as it was) and pipelined
 * ({@code --in-flight}), each given
 * <ul>
 *   <li>a backlog: {@code --goods} goods published at once, each a component and its quality check
 *       (the check depends on the component): committed events/s from the first receipt to the
 *       last commit, receipt-to-commit p50/p99, events per block;</li>
 *   <li>a low load: {@code --low-rate} events/s (alternately a component and its check) for
 *       {@code --low-seconds}: receipt-to-commit p50/p99, which the channel's BatchTimeout bounds.</li>
 * </ul>
 * Prints a table and writes JSON. Receipt is the journal's {@code received_at}, commit its
 * {@code decided_at}.
 */
@Command(
        name = "production-pipeline-benchmark",
        mixinStandardHelpOptions = true,
        description = "Serial against pipelined production-event submission on the tests' Fabric network.")
public final class ProductionPipelineBenchmark implements Callable<Integer> {

    private static final Duration DRAIN_TIMEOUT = Duration.ofMinutes(15);

    @Option(
            names = "--goods",
            description = "Goods in the pipelined backlog (two events each). Default ${DEFAULT-VALUE}.")
    int goods = 300;

    @Option(
            names = "--serial-goods",
            description = "Goods in the serial backlog (two events each). Default ${DEFAULT-VALUE}.")
    int serialGoods = 40;

    @Option(names = "--robots", description = "Robots the goods are spread over. Default ${DEFAULT-VALUE}.")
    int robots = 10;

    @Option(
            names = "--in-flight",
            description = "gateway.production.max-in-flight of the pipelined run. Default ${DEFAULT-VALUE}.")
    int inFlight = 100;

    @Option(names = "--low-rate", description = "Events/s of the low load. Default ${DEFAULT-VALUE}.")
    double lowRate = 2;

    @Option(names = "--low-seconds", description = "Seconds of the low load. Default ${DEFAULT-VALUE}.")
    int lowSeconds = 30;

    @Option(names = "--out", description = "Where to write the JSON results.")
    Path out;

    /** One submitter's figures. */
    record Run(
            String submitter,
            int maxInFlight,
            int backlogEvents,
            double backlogSeconds,
            double eventsPerSecond,
            Latency backlogReceiptToCommit,
            long blocks,
            double eventsPerBlock,
            int lowLoadEvents,
            Latency lowLoadReceiptToCommit,
            long refusedOrPending) {}

    public static void main(String[] args) {
        System.exit(new CommandLine(new ProductionPipelineBenchmark()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        FabricNetwork fabric = FabricNetwork.network();
        System.out.printf(
                "Fabric network: %s (block cutting as network/fabric/network.env, or FABRIC_BATCH_* at its"
                        + " first up)%n",
                fabric.state());
        JournalAndBroker infra = new JournalAndBroker();
        infra.beforeAll(null);
        List<Run> runs = new ArrayList<>();
        try {
            runs.add(run(infra, "serial", 1, serialGoods));
            runs.add(run(infra, "pipelined", inFlight, goods));
        } finally {
            infra.afterAll(null);
        }
        Run serial = runs.get(0);
        Run pipelined = runs.get(1);
        System.out.println();
        System.out.printf(
                "%-10s %9s %8s %9s %12s %12s %10s %12s %12s%n",
                "submitter",
                "in flight",
                "events",
                "events/s",
                "backlog p50",
                "backlog p99",
                "ev/block",
                "low p50 ms",
                "low p99 ms");
        for (Run run : runs) {
            System.out.printf(
                    Locale.ROOT,
                    "%-10s %9d %8d %9.2f %12.0f %12.0f %10.1f %12.0f %12.0f%n",
                    run.submitter(),
                    run.maxInFlight(),
                    run.backlogEvents(),
                    run.eventsPerSecond(),
                    run.backlogReceiptToCommit().p50Millis(),
                    run.backlogReceiptToCommit().p99Millis(),
                    run.eventsPerBlock(),
                    run.lowLoadReceiptToCommit().p50Millis(),
                    run.lowLoadReceiptToCommit().p99Millis());
        }
        double throughputRatio = pipelined.eventsPerSecond() / serial.eventsPerSecond();
        double lowP50Ratio = pipelined.lowLoadReceiptToCommit().p50Millis()
                / serial.lowLoadReceiptToCommit().p50Millis();
        System.out.printf(
                Locale.ROOT,
                "pipelined/serial: %.1fx committed events/s; low-load p50 %.2fx%n",
                throughputRatio,
                lowP50Ratio);
        if (out != null) {
            Map<String, Object> results = new LinkedHashMap<>();
            results.put("runs", runs);
            results.put("pipelinedToSerialEventsPerSecond", throughputRatio);
            results.put("pipelinedToSerialLowLoadP50", lowP50Ratio);
            Files.createDirectories(out.toAbsolutePath().getParent());
            new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(out.toFile(), results);
            System.out.println("results: " + out);
        }
        long failed = runs.stream().mapToLong(Run::refusedOrPending).sum();
        return failed == 0 ? 0 : 1;
    }

    private Run run(JournalAndBroker infra, String name, int maxInFlight, int goodCount) throws Exception {
        String tag = UUID.randomUUID().toString().substring(0, 6);
        System.out.printf("%s: gateway with max-in-flight %d, %d robots%n", name, maxInFlight, robots);
        InProcessGateway gateway = FabricGateways.start(
                infra,
                "manufacturer",
                "gateway.production.max-in-flight=" + maxInFlight,
                "gateway.anchoring.max-age=1h",
                "gateway.production.poll-interval=50ms");
        try (Publisher publisher = new Publisher(infra.broker().uri(), "bench-" + tag)) {
            JdbcTemplate journal = FabricGateways.journal(gateway);
            List<TestRobot> fleet = new ArrayList<>();
            for (int i = 0; i < robots; i++) {
                TestRobot robot = new TestRobot("bench-" + tag + "-r" + i);
                gateway.register(robot);
                fleet.add(robot);
            }
            System.out.printf("%s: backlog of %d goods (%d events)%n", name, goodCount, 2 * goodCount);
            for (int i = 0; i < goodCount; i++) {
                TestRobot robot = fleet.get(i % fleet.size());
                String good = robot.robotId() + "-b" + i;
                publisher.publish(robot, robot.event(MessageType.COMPONENT_PRODUCED, component(good, "part")));
                publisher.publish(robot, robot.event(MessageType.QUALITY_CHECK, check(good)));
            }
            int backlogEvents = 2 * goodCount;
            awaitDecided(journal, backlogEvents);
            Figures backlog = figures(journal, 0);
            long lastBacklogEnvelope = journal.queryForObject("SELECT max(envelope_id) FROM envelopes", Long.class);

            System.out.printf("%s: low load, %.1f events/s for %d s%n", name, lowRate, lowSeconds);
            int lowEvents = (int) Math.round(lowRate * lowSeconds);
            long interval = (long) (1_000_000_000L / lowRate);
            long next = System.nanoTime();
            String good = null;
            for (int i = 0; i < lowEvents; i++) {
                LockSupport.parkNanos(next - System.nanoTime());
                next += interval;
                TestRobot robot = fleet.get((i / 2) % fleet.size());
                if (i % 2 == 0) {
                    good = robot.robotId() + "-l" + i;
                    publisher.publish(robot, robot.event(MessageType.COMPONENT_PRODUCED, component(good, "part")));
                } else {
                    publisher.publish(robot, robot.event(MessageType.QUALITY_CHECK, check(good)));
                }
            }
            awaitDecided(journal, backlogEvents + lowEvents);
            Figures low = figures(journal, lastBacklogEnvelope);
            Long notCommitted = journal.queryForObject(
                    "SELECT count(*) FROM production_events WHERE state <> 'COMMITTED'", Long.class);
            Run run = new Run(
                    name,
                    maxInFlight,
                    backlogEvents,
                    backlog.seconds(),
                    backlog.events() / backlog.seconds(),
                    backlog.receiptToCommit(),
                    backlog.blocks(),
                    (double) backlog.events() / backlog.blocks(),
                    lowEvents,
                    low.receiptToCommit(),
                    notCommitted == null ? 0 : notCommitted);
            System.out.printf(
                    Locale.ROOT,
                    "%s: %.2f events/s, %.1f events per block, not committed %d%n",
                    name,
                    run.eventsPerSecond(),
                    run.eventsPerBlock(),
                    run.refusedOrPending());
            return run;
        } finally {
            gateway.close();
        }
    }

    private record Figures(long events, double seconds, Latency receiptToCommit, long blocks) {}

    /** The events journaled after {@code afterEnvelope}: their span from first receipt to last commit, latencies, blocks. */
    private static Figures figures(JdbcTemplate journal, long afterEnvelope) {
        List<Long> micros = journal.query("""
                SELECT (extract(epoch FROM p.decided_at - e.received_at) * 1000000)::bigint AS micros
                FROM production_events p JOIN envelopes e USING (envelope_id) WHERE e.envelope_id > ?""", (row, index) -> row.getLong("micros"), afterEnvelope);
        Map<String, Object> span = journal.queryForMap("""
                SELECT count(*) AS events, extract(epoch FROM max(p.decided_at) - min(e.received_at)) AS seconds,
                       count(DISTINCT p.block_number) AS blocks
                FROM production_events p JOIN envelopes e USING (envelope_id) WHERE e.envelope_id > ?""", afterEnvelope);
        return new Figures(
                ((Number) span.get("events")).longValue(),
                ((Number) span.get("seconds")).doubleValue(),
                Latency.ofMicros(micros),
                ((Number) span.get("blocks")).longValue());
    }

    private static void awaitDecided(JdbcTemplate journal, int events) throws InterruptedException {
        long deadline = System.nanoTime() + DRAIN_TIMEOUT.toNanos();
        while (true) {
            Map<String, Object> counts = journal.queryForMap("""
                    SELECT count(*) AS journaled, count(*) FILTER (WHERE state = 'PENDING') AS pending
                    FROM production_events""");
            long journaled = ((Number) counts.get("journaled")).longValue();
            long pending = ((Number) counts.get("pending")).longValue();
            if (journaled >= events && pending == 0) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(events + " events not decided within " + DRAIN_TIMEOUT + ": "
                        + journaled + " journaled, " + pending + " pending");
            }
            TimeUnit.MILLISECONDS.sleep(200);
        }
    }
}
