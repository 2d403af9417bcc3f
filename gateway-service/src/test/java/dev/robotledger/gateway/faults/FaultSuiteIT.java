package dev.robotledger.gateway.faults;

import static org.assertj.core.api.Assertions.assertThat;

import dev.robotledger.agent.RobotAgent;
import dev.robotledger.agent.testing.MosquittoBroker;
import dev.robotledger.gateway.faults.FaultReport.InjectedFault;
import dev.robotledger.gateway.ledger.PeerCredentials;
import dev.robotledger.gateway.testing.Await;
import dev.robotledger.gateway.testing.GatewayProcess;
import dev.robotledger.gateway.testing.PostgresServer;
import dev.robotledger.ledger.embedded.ContractPeer;
import dev.robotledger.ledger.embedded.PeerServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Faults injected one at a time, then at random, while real robot agents publish at a steady rate
 * through a real Mosquitto to a real gateway process and a real PostgreSQL, and the gateway writes
 * anchors and production events over TLS to {@code ContractPeer}: a test double of one peer running
 * the real contract in this JVM, <strong>not Fabric</strong>: its ledger faults stop the double's
 * chaincode at will, and {@link LedgerChecker} needs a ledger holding only this run's writes, which
 * the kept Fabric ledger never is; {@link NetworkFaultsFabricIT} drills the real network's nodes.
 * After each fault the system must recover by itself; at the end two
 * independent checkers compare what the broker acknowledged to the robots with the journal
 * ({@link JournalChecker}) and with the ledger's blocks ({@link LedgerChecker}).
 *
 * <p>Short form in {@code mvn verify} (each kind once, then three at random). The long form,
 * {@code network/soak.sh}, runs the same test with {@code -Dfaults.minutes=N -Dfaults.count=N}
 * ({@code -Dfaults.seed} repeats a plan, {@code -Dfaults.report} names the JSON report).
 */
class FaultSuiteIT {

    private static final int ROBOTS = 3;
    private static final Duration RECOVERY_TIMEOUT = Duration.ofMinutes(3);
    private static final String LEDGER_RETRY_MAX = "2s";

    @TempDir
    Path state;

    @Test
    void recoversFromEveryFaultWithEveryAcknowledgedReadingJournaledExactlyOnce() throws Exception {
        Plan plan = Plan.fromSystemProperties();
        PeerCredentials credentials = PeerCredentials.issue(Files.createDirectories(state.resolve("ledger")));
        try (PostgresServer postgres = PostgresServer.start();
                MosquittoBroker broker = MosquittoBroker.start();
                PeerServer peer = credentials.serve(new ContractPeer());
                LedgerChecker ledger = LedgerChecker.connect(
                        "127.0.0.1:" + peer.port(),
                        credentials.tlsCaFile(),
                        credentials.tlsServerName(),
                        state.resolve("ledger"));
                SteadyRobots robots = SteadyRobots.start(state, ROBOTS, broker.port());
                SupervisedGateway gateway = new SupervisedGateway(
                        postgres,
                        broker.uri(),
                        credentials.gatewaySettings(
                                peer,
                                // The back-off's bound is part of every ledger recovery time below.
                                "gateway.anchoring.submit-retry-max=" + LEDGER_RETRY_MAX,
                                "gateway.production.submit-retry-max=" + LEDGER_RETRY_MAX))) {
            gateway.start();
            for (RobotAgent agent : robots.agents()) {
                // With the details RegisterRobot needs, so the robot is on the ledger and its anchors commit.
                String robotId = agent.identity().robotId();
                assertThat(gateway.current()
                                .post(
                                        "/api/robots",
                                        "{\"robotId\":\"" + robotId
                                                + "\",\"publicKey\":\""
                                                + Base64.getEncoder()
                                                        .encodeToString(agent.identity()
                                                                .publicKey()
                                                                .getEncoded())
                                                + "\",\"model\":\"fault-suite arm\",\"site\":\"plant-9\",\"line\":\"line-f\",\"station\":\""
                                                + robotId
                                                + "\",\"capabilities\":[\"PRODUCE\",\"ASSEMBLE\",\"INSPECT\"]}"))
                        .isEqualTo(201);
            }
            assertThat(peer.peer().robots())
                    .as("robots registered on the ledger")
                    .hasSize(ROBOTS);
            JournalChecker checker = new JournalChecker(postgres.jdbcUrl(), postgres.username());
            Faults faults = new Faults(postgres, broker, peer, robots, gateway, checker, ledger, plan);

            robots.startProducing();
            long start = System.nanoTime();
            faults.awaitSteadyTraffic();
            Random random = new Random(plan.seed());
            List<FaultKind> kinds = plan.kinds(random);
            List<InjectedFault> injected = new ArrayList<>();
            for (int i = 0; i < kinds.size(); i++) {
                faults.awaitSteadyTraffic();
                awaitElapsed(start, plan.slot(i));
                injected.add(faults.inject(kinds.get(i), seconds(start), random));
                robots.throwIfFailed();
            }
            awaitElapsed(start, plan.duration());

            robots.stopProducing();
            Await.until(
                    "every robot's outbox acknowledged by the broker",
                    RECOVERY_TIMEOUT,
                    () -> robots.backlog() == 0,
                    robots::backlog);
            Map<String, Long> lastSigned = robots.lastSigned();
            Await.until(
                    "everything the robots signed journaled",
                    RECOVERY_TIMEOUT,
                    () -> checker.hasJournaledUpTo(lastSigned),
                    () -> lastSigned);
            Await.until(
                    "everything the robots signed on the ledger",
                    RECOVERY_TIMEOUT,
                    () -> faults.onLedger(lastSigned),
                    () -> checker.pendingOnLedger());
            Map<String, byte[]> acknowledged = robots.acknowledged();
            JournalChecker.Verdict verdict =
                    checker.check(acknowledged, robots.readingsRecorded(), robots.eventsRecorded());
            GatewayProcess proofServer = gateway.current();
            LedgerChecker.Verdict onLedger = ledger.check(
                    acknowledged,
                    robots.keys(),
                    (robotId, readingSeq) -> proofServer.get("/api/readings/" + robotId + "/" + readingSeq + "/proof"),
                    random);
            FaultReport report = FaultReport.of(
                    plan.mode(),
                    plan.seed(),
                    seconds(start),
                    ROBOTS,
                    robots.readingsPerSecond(),
                    injected,
                    verdict,
                    onLedger);
            System.out.println(report.text());
            report.writeJson(plan.reportFile());
            System.out.println("  report written to " + plan.reportFile().toAbsolutePath());

            assertThat(injected).extracting(InjectedFault::kind).containsAll(List.of(FaultKind.values()));
            assertThat(verdict.readingsSent()).isPositive();
            assertThat(verdict.readingsAcknowledged())
                    .as("readings acknowledged")
                    .isEqualTo(verdict.readingsSent());
            assertThat(verdict.eventsAcknowledged()).as("events acknowledged").isEqualTo(verdict.eventsSent());
            assertThat(verdict.envelopesLost())
                    .as("acknowledged envelopes lost")
                    .isZero();
            assertThat(verdict.readingsLost()).as("acknowledged readings lost").isZero();
            assertThat(verdict.duplicatedEnvelopes())
                    .as("envelopes journaled twice")
                    .isZero();
            assertThat(verdict.duplicatedReadings())
                    .as("readings journaled twice")
                    .isZero();
            assertThat(verdict.envelopesNeverSent())
                    .as("journaled but sent by no robot")
                    .isZero();
            assertThat(verdict.envelopesJournaled()).isEqualTo(verdict.envelopesAcknowledged());
            assertThat(verdict.readingCountMismatch())
                    .as("reading counts beyond the readings in the journaled windows")
                    .isZero();
            assertThat(verdict.robotCounterMismatches())
                    .as("robots whose counters disagree with the journal")
                    .isZero();
            assertThat(verdict.deadLetters()).as("dead letters").isZero();
            assertThat(verdict.sequenceGaps()).as("sequence gaps").isZero();

            assertThat(onLedger.chainBreaks())
                    .as("blocks whose hashes do not chain")
                    .isZero();
            assertThat(onLedger.windowsAcknowledged()).isPositive();
            assertThat(onLedger.windowsProven())
                    .as("acknowledged windows proven in an anchored batch: " + onLedger.proofFailures())
                    .isEqualTo(onLedger.windowsAcknowledged());
            assertThat(onLedger.readingsLost())
                    .as("acknowledged readings not anchored")
                    .isZero();
            assertThat(onLedger.readingsAcknowledged()).isEqualTo(verdict.readingsAcknowledged());
            assertThat(onLedger.anchoredReadings())
                    .as("readings anchored = readings acknowledged")
                    .isEqualTo(onLedger.readingsAcknowledged());
            assertThat(onLedger.duplicatedAnchorTransactions())
                    .as("batches anchored in two transactions")
                    .isZero();
            assertThat(onLedger.duplicatedBatches())
                    .as("batch roots anchored twice")
                    .isZero();
            assertThat(onLedger.batchesNeverSent())
                    .as("anchored batches no robot sent")
                    .isZero();
            assertThat(onLedger.unaccountedLeaves())
                    .as("anchored leaves no acknowledged window accounts for")
                    .isZero();
            assertThat(onLedger.readingCountMismatches()).isZero();
            assertThat(onLedger.anchorTransactionsWithoutAnchor()).isZero();
            assertThat(onLedger.eventsAcknowledged())
                    .isEqualTo(verdict.eventsAcknowledged())
                    .isPositive();
            assertThat(onLedger.eventsLost())
                    .as("acknowledged production events not on the ledger")
                    .isZero();
            assertThat(onLedger.eventsDuplicated())
                    .as("production events in two VALID transactions")
                    .isZero();
            assertThat(onLedger.eventsNeverSent())
                    .as("production events on the ledger no robot sent")
                    .isZero();
            assertThat(onLedger.eventsMismatched())
                    .as("production events unlike the signed ones")
                    .isZero();
            assertThat(onLedger.eventTransactions()).isEqualTo(onLedger.eventsAcknowledged());
            assertThat(onLedger.clean()).isTrue();
        }
    }

    private static long seconds(long start) {
        return TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - start);
    }

    // Spaces the soak's faults over its duration; the short form has no duration and never waits here.
    private static void awaitElapsed(long start, Duration elapsed) {
        Duration left = elapsed.minusNanos(System.nanoTime() - start);
        if (!left.isNegative() && !left.isZero()) {
            Await.until(
                    "the next fault's time", left.plusSeconds(5), () -> System.nanoTime() - start >= elapsed.toNanos());
        }
    }

    /**
     * How long the run lasts and which faults it injects: each kind once, then random kinds.
     *
     * @param hold envelopes the robots must pile up (or the broker must take) during an outage; for a
     *             ledger fault, anchor batches waiting for the ledger (and a fifth of it in production events)
     */
    record Plan(String mode, Duration duration, int faultCount, long seed, int hold, Path reportFile) {

        Plan {
            if (faultCount < FaultKind.values().length) {
                throw new IllegalArgumentException("faults.count must be at least " + FaultKind.values().length
                        + " (each kind once), was " + faultCount);
            }
        }

        static Plan fromSystemProperties() {
            int minutes = Integer.getInteger("faults.minutes", 0);
            int count = Integer.getInteger("faults.count", minutes == 0 ? FaultKind.values().length + 3 : 2 * minutes);
            long seed = Long.getLong("faults.seed", System.nanoTime());
            Path report = Path.of(System.getProperty("faults.report", "target/fault-suite-report.json"));
            return minutes == 0
                    ? new Plan("short", Duration.ZERO, count, seed, 10, report)
                    : new Plan("soak", Duration.ofMinutes(minutes), count, seed, 60, report);
        }

        List<FaultKind> kinds(Random random) {
            List<FaultKind> kinds = new ArrayList<>(List.of(FaultKind.values()));
            while (kinds.size() < faultCount) {
                kinds.add(FaultKind.values()[random.nextInt(FaultKind.values().length)]);
            }
            return kinds;
        }

        /** When fault {@code index} is due: spread evenly over the duration (now, in the short form). */
        Duration slot(int index) {
            return duration.multipliedBy(2L * index + 1).dividedBy(2L * faultCount);
        }
    }

    /** Plays the supervisor (systemd, say) that starts the gateway again after it dies. */
    static final class SupervisedGateway implements AutoCloseable {
        private final PostgresServer postgres;
        private final String brokerUrl;
        private final List<String> settings;
        private final String clientId = "fault-suite-" + UUID.randomUUID();
        private GatewayProcess process;

        SupervisedGateway(PostgresServer postgres, String brokerUrl, List<String> ledgerSettings) {
            this.postgres = postgres;
            this.brokerUrl = brokerUrl;
            this.settings = new ArrayList<>(ledgerSettings);
            this.settings.add("gateway.mqtt.shared-group=");
        }

        void start() {
            // Same client id, so the same persistent session; a plain subscription, because
            // Mosquitto 2.0.11 drops what is published for a persisted shared subscription
            // between its restart and the subscriber's reconnect.
            process = GatewayProcess.start(
                    postgres,
                    brokerUrl,
                    clientId,
                    Path.of("target", "gateway-process-logs", clientId + ".log"),
                    settings.toArray(String[]::new));
        }

        GatewayProcess current() {
            return process;
        }

        void kill() {
            process.kill();
        }

        @Override
        public void close() {
            if (process != null) {
                process.close();
            }
        }
    }

    /** Injects one fault, repairs it as an operator's supervisor would, and times the recovery. */
    private record Faults(
            PostgresServer postgres,
            MosquittoBroker broker,
            PeerServer peer,
            SteadyRobots robots,
            SupervisedGateway gateway,
            JournalChecker checker,
            LedgerChecker ledger,
            Plan plan) {

        /**
         * Whether everything the robots signed up to {@code lastSigned} is on the ledger: the
         * journal says which batches and events that is, the ledger checker's blocks whether they
         * are committed VALID.
         */
        boolean onLedger(Map<String, Long> lastSigned) {
            return checker.ledgerWork(lastSigned)
                    .map(work -> ledger.hasCommitted(work.batchIds(), work.eventIds()))
                    .orElse(false);
        }

        /** Waits until each robot's next few envelopes are journaled: traffic flows end to end. */
        void awaitSteadyTraffic() {
            Map<String, Long> target = new LinkedHashMap<>();
            robots.lastSigned().forEach((robot, last) -> target.put(robot, last + 3));
            Await.until("steady traffic", RECOVERY_TIMEOUT, () -> checker.hasJournaledUpTo(target), () -> target);
        }

        InjectedFault inject(FaultKind kind, long atSecond, Random random) throws Exception {
            long injectedAt = System.nanoTime();
            String detail = switch (kind) {
                case GATEWAY_KILL -> killGateway();
                case BROKER_RESTART -> restartBroker();
                case DATABASE_RESTART -> restartDatabase();
                case ROBOT_OFFLINE ->
                    takeRobotOffline(random.nextInt(robots.agents().size()));
                case PEER_RESTART -> restartPeer();
                case CHAINCODE_RESTART -> restartChaincode();
            };
            long backAt = System.nanoTime();
            Map<String, Long> signedWhenBack = robots.lastSigned();
            Await.until(
                    "recovery from " + kind,
                    RECOVERY_TIMEOUT,
                    () -> checker.hasJournaledUpTo(signedWhenBack),
                    () -> "signed " + signedWhenBack + ", backlog " + robots.backlog());
            long journaledAt = System.nanoTime();
            Await.until(
                    "the ledger's recovery from " + kind,
                    RECOVERY_TIMEOUT,
                    () -> onLedger(signedWhenBack),
                    () -> "signed " + signedWhenBack + ", waiting for the ledger " + checker.pendingOnLedger());
            long onLedgerAt = System.nanoTime();
            return new InjectedFault(
                    kind,
                    atSecond,
                    TimeUnit.NANOSECONDS.toMillis(backAt - injectedAt),
                    TimeUnit.NANOSECONDS.toMillis(journaledAt - injectedAt),
                    TimeUnit.NANOSECONDS.toMillis(onLedgerAt - injectedAt),
                    detail);
        }

        /**
         * The double's gRPC server stopped and started again on the same port: clients see a peer
         * restart, but the double keeps its ledger in memory meanwhile (a real peer re-reads its
         * ledger from disk and catches up from the orderer; not shown here).
         */
        private String restartPeer() throws Exception {
            peer.stop();
            JournalChecker.Pending piled = awaitLedgerBacklog("the peer is down");
            peer.start();
            return "port " + peer.port() + " closed with " + piled.anchorBatches() + " anchor batches and "
                    + piled.productionEvents() + " production events waiting";
        }

        /** The chaincode's process down on the running double: endorsements fail as a peer's do. */
        private String restartChaincode() {
            peer.peer().stopChaincode();
            JournalChecker.Pending piled = awaitLedgerBacklog("the chaincode is down");
            peer.peer().startChaincode();
            return "chaincode down with " + piled.anchorBatches() + " anchor batches and " + piled.productionEvents()
                    + " production events waiting";
        }

        /** Holds a ledger outage until N anchor batches and N/5 production events (at least one) wait for it. */
        private JournalChecker.Pending awaitLedgerBacklog(String outage) {
            long events = Math.max(1, plan.hold() / 5);
            Await.until(
                    "anchor batches and production events piling up while " + outage,
                    RECOVERY_TIMEOUT,
                    () -> {
                        JournalChecker.Pending pending = checker.pendingOnLedger();
                        return pending.anchorBatches() >= plan.hold() && pending.productionEvents() >= events;
                    },
                    checker::pendingOnLedger);
            return checker.pendingOnLedger();
        }

        private String killGateway() {
            gateway.kill();
            int before = robots.acknowledgedCount();
            Await.until(
                    "the broker taking messages for the dead gateway",
                    RECOVERY_TIMEOUT,
                    () -> robots.acknowledgedCount() >= before + plan.hold());
            int queued = robots.acknowledgedCount() - before;
            gateway.start();
            return "SIGKILL; broker took " + queued + "+ messages meanwhile";
        }

        private String restartBroker() throws Exception {
            broker.stop();
            Await.until(
                    "robots storing while the broker is down",
                    RECOVERY_TIMEOUT,
                    () -> robots.agents().stream().noneMatch(RobotAgent::isConnected)
                            && robots.backlog() >= plan.hold(),
                    robots::backlog);
            long backlog = robots.backlog();
            broker.restart();
            return "stopped with " + backlog + " envelopes stored by the robots";
        }

        private String restartDatabase() {
            int before = robots.acknowledgedCount();
            postgres.restart(() -> Await.until(
                    "the broker taking messages while the journal is down",
                    RECOVERY_TIMEOUT,
                    () -> robots.acknowledgedCount() >= before + plan.hold()));
            return "fast shutdown; broker took " + (robots.acknowledgedCount() - before) + "+ messages meanwhile";
        }

        private String takeRobotOffline(int robot) {
            RobotAgent agent = robots.agents().get(robot);
            long before = agent.backlog();
            robots.cut(robot);
            Await.until(
                    "robot " + agent.identity().robotId() + " storing while offline",
                    RECOVERY_TIMEOUT,
                    () -> !agent.isConnected() && agent.backlog() >= before + plan.hold(),
                    agent::backlog);
            long backlog = agent.backlog();
            robots.restore(robot);
            return agent.identity().robotId() + " offline with " + backlog + " envelopes stored";
        }
    }
}
