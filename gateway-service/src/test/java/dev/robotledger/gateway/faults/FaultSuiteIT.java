package dev.robotledger.gateway.faults;

import static org.assertj.core.api.Assertions.assertThat;

import dev.robotledger.agent.RobotAgent;
import dev.robotledger.agent.testing.MosquittoBroker;
import dev.robotledger.gateway.faults.FaultReport.InjectedFault;
import dev.robotledger.gateway.testing.Await;
import dev.robotledger.gateway.testing.GatewayProcess;
import dev.robotledger.gateway.testing.PostgresServer;
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
 * through a real Mosquitto to a real gateway process and a real PostgreSQL. After each fault the
 * system must recover by itself; at the end an independent checker ({@link JournalChecker})
 * compares the journal with what the broker acknowledged to the robots.
 *
 * <p>Short form in {@code mvn verify} (each kind once, then three at random). The long form,
 * {@code network/soak.sh}, runs the same test with {@code -Dfaults.minutes=N -Dfaults.count=N}
 * ({@code -Dfaults.seed} repeats a plan, {@code -Dfaults.report} names the JSON report).
 */
class FaultSuiteIT {

    private static final int ROBOTS = 3;
    private static final Duration RECOVERY_TIMEOUT = Duration.ofMinutes(3);

    @TempDir
    Path state;

    @Test
    void recoversFromEveryFaultWithEveryAcknowledgedReadingJournaledExactlyOnce() throws Exception {
        Plan plan = Plan.fromSystemProperties();
        try (PostgresServer postgres = PostgresServer.start();
             MosquittoBroker broker = MosquittoBroker.start();
             SteadyRobots robots = SteadyRobots.start(state, ROBOTS, broker.port());
             SupervisedGateway gateway = new SupervisedGateway(postgres, broker.uri())) {
            gateway.start();
            for (RobotAgent agent : robots.agents()) {
                assertThat(gateway.current().post("/api/robots", "{\"robotId\":\"" + agent.identity().robotId()
                        + "\",\"publicKey\":\"" + Base64.getEncoder().encodeToString(
                                agent.identity().publicKey().getEncoded()) + "\"}")).isEqualTo(201);
            }
            JournalChecker checker = new JournalChecker(postgres.jdbcUrl(), postgres.username());
            Faults faults = new Faults(postgres, broker, robots, gateway, checker, plan);

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
            Await.until("every robot's outbox acknowledged by the broker", RECOVERY_TIMEOUT,
                    () -> robots.backlog() == 0, robots::backlog);
            Map<String, Long> lastSigned = robots.lastSigned();
            Await.until("everything the robots signed journaled", RECOVERY_TIMEOUT,
                    () -> checker.hasJournaledUpTo(lastSigned), () -> lastSigned);
            JournalChecker.Verdict verdict = checker.check(robots.acknowledged(), robots.readingsRecorded(),
                    robots.eventsRecorded());
            FaultReport report = FaultReport.of(plan.mode(), plan.seed(), seconds(start), ROBOTS,
                    robots.readingsPerSecond(), injected, verdict);
            System.out.println(report.text());
            report.writeJson(plan.reportFile());
            System.out.println("  report written to " + plan.reportFile().toAbsolutePath());

            assertThat(injected).extracting(InjectedFault::kind).containsAll(List.of(FaultKind.values()));
            assertThat(verdict.readingsSent()).isPositive();
            assertThat(verdict.readingsAcknowledged()).as("readings acknowledged").isEqualTo(verdict.readingsSent());
            assertThat(verdict.eventsAcknowledged()).as("events acknowledged").isEqualTo(verdict.eventsSent());
            assertThat(verdict.envelopesLost()).as("acknowledged envelopes lost").isZero();
            assertThat(verdict.readingsLost()).as("acknowledged readings lost").isZero();
            assertThat(verdict.duplicatedEnvelopes()).as("envelopes journaled twice").isZero();
            assertThat(verdict.duplicatedReadings()).as("readings journaled twice").isZero();
            assertThat(verdict.envelopesNeverSent()).as("journaled but sent by no robot").isZero();
            assertThat(verdict.envelopesJournaled()).isEqualTo(verdict.envelopesAcknowledged());
            assertThat(verdict.readingCountMismatch()).as("reading counts beyond the readings in the journaled windows").isZero();
            assertThat(verdict.robotCounterMismatches()).as("robots whose counters disagree with the journal").isZero();
            assertThat(verdict.deadLetters()).as("dead letters").isZero();
            assertThat(verdict.sequenceGaps()).as("sequence gaps").isZero();
        }
    }

    private static long seconds(long start) {
        return TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - start);
    }

    // Spaces the soak's faults over its duration; the short form has no duration and never waits here.
    private static void awaitElapsed(long start, Duration elapsed) {
        Duration left = elapsed.minusNanos(System.nanoTime() - start);
        if (!left.isNegative() && !left.isZero()) {
            Await.until("the next fault's time", left.plusSeconds(5),
                    () -> System.nanoTime() - start >= elapsed.toNanos());
        }
    }

    /**
     * How long the run lasts and which faults it injects: each kind once, then random kinds.
     *
     * @param hold envelopes the robots must pile up (or the broker must take) during an outage
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
        private final String clientId = "fault-suite-" + UUID.randomUUID();
        private GatewayProcess process;

        SupervisedGateway(PostgresServer postgres, String brokerUrl) {
            this.postgres = postgres;
            this.brokerUrl = brokerUrl;
        }

        void start() {
            // Same client id, so the same persistent session; a plain subscription, because
            // Mosquitto 2.0.11 drops what is published for a persisted shared subscription
            // between its restart and the subscriber's reconnect.
            process = GatewayProcess.start(postgres, brokerUrl, clientId,
                    Path.of("target", "gateway-process-logs", clientId + ".log"), "gateway.mqtt.shared-group=");
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
    private record Faults(PostgresServer postgres, MosquittoBroker broker, SteadyRobots robots,
                          SupervisedGateway gateway, JournalChecker checker, Plan plan) {

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
                case ROBOT_OFFLINE -> takeRobotOffline(random.nextInt(robots.agents().size()));
            };
            long backAt = System.nanoTime();
            Map<String, Long> signedWhenBack = robots.lastSigned();
            Await.until("recovery from " + kind, RECOVERY_TIMEOUT, () -> checker.hasJournaledUpTo(signedWhenBack),
                    () -> "signed " + signedWhenBack + ", backlog " + robots.backlog());
            long recoveredAt = System.nanoTime();
            return new InjectedFault(kind, atSecond, TimeUnit.NANOSECONDS.toMillis(backAt - injectedAt),
                    TimeUnit.NANOSECONDS.toMillis(recoveredAt - injectedAt), detail);
        }

        private String killGateway() {
            gateway.kill();
            int before = robots.acknowledgedCount();
            Await.until("the broker taking messages for the dead gateway", RECOVERY_TIMEOUT,
                    () -> robots.acknowledgedCount() >= before + plan.hold());
            int queued = robots.acknowledgedCount() - before;
            gateway.start();
            return "SIGKILL; broker took " + queued + "+ messages meanwhile";
        }

        private String restartBroker() throws Exception {
            broker.stop();
            Await.until("robots storing while the broker is down", RECOVERY_TIMEOUT,
                    () -> robots.agents().stream().noneMatch(RobotAgent::isConnected) && robots.backlog() >= plan.hold(),
                    robots::backlog);
            long backlog = robots.backlog();
            broker.restart();
            return "stopped with " + backlog + " envelopes stored by the robots";
        }

        private String restartDatabase() {
            int before = robots.acknowledgedCount();
            postgres.restart(() -> Await.until("the broker taking messages while the journal is down",
                    RECOVERY_TIMEOUT, () -> robots.acknowledgedCount() >= before + plan.hold()));
            return "fast shutdown; broker took " + (robots.acknowledgedCount() - before) + "+ messages meanwhile";
        }

        private String takeRobotOffline(int robot) {
            RobotAgent agent = robots.agents().get(robot);
            long before = agent.backlog();
            robots.cut(robot);
            Await.until("robot " + agent.identity().robotId() + " storing while offline", RECOVERY_TIMEOUT,
                    () -> !agent.isConnected() && agent.backlog() >= before + plan.hold(), agent::backlog);
            long backlog = agent.backlog();
            robots.restore(robot);
            return agent.identity().robotId() + " offline with " + backlog + " envelopes stored";
        }
    }
}
