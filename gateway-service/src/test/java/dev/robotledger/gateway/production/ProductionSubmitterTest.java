package dev.robotledger.gateway.production;

import static dev.robotledger.contract.ContractTransaction.RECORD_PRODUCTION;
import static org.assertj.core.api.Assertions.assertThat;

import dev.robotledger.contract.ErrorCode;
import dev.robotledger.contract.Refusal;
import dev.robotledger.gateway.journal.JournalSharing;
import dev.robotledger.gateway.ledger.ChaincodeRefusedException;
import dev.robotledger.gateway.ledger.CommitFailedException;
import dev.robotledger.gateway.ledger.LedgerUnreachableException;
import dev.robotledger.wire.merkle.Digest;
import dev.robotledger.wire.message.Envelope;
import dev.robotledger.wire.message.MessageType;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.support.StaticListableBeanFactory;

/** The submission loop against a fake ledger port and an in-memory stand-in for the journal table. */
class ProductionSubmitterTest {

    private final MutableClock clock = new MutableClock();
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final InMemoryProductionEvents journal = new InMemoryProductionEvents();
    private final FakeLedger ledger = new FakeLedger();
    private final ProductionWait wait = new ProductionWait();
    private final ProductionProperties properties =
            new ProductionProperties(Duration.ofMillis(200), Duration.ofMillis(500), Duration.ofSeconds(4), 100);
    /** Runs each submission when the test says so, so a test sees what is in flight. */
    private final List<Runnable> queued = new ArrayList<>();

    private ProductionSubmitter submitter(ProductionLedger port) {
        return submitter(port, properties, Runnable::run);
    }

    private ProductionSubmitter submitter(
            ProductionLedger port, ProductionProperties settings, java.util.concurrent.Executor executor) {
        StaticListableBeanFactory beans = new StaticListableBeanFactory();
        if (port != null) {
            beans.addBean("ledger", port);
        }
        ObjectProvider<ProductionLedger> provider = beans.getBeanProvider(ProductionLedger.class);
        return new ProductionSubmitter(
                journal, provider, new ProductionMetrics(meters), settings, wait, clock, executor);
    }

    private static Envelope produced(String robotId, long seq, String goodId) {
        return ProductionRequestsTest.envelope(
                robotId,
                seq,
                MessageType.COMPONENT_PRODUCED,
                "{\"goodId\":\"" + goodId + "\",\"kind\":\"bracket\",\"firmwareVersion\":\"1\",\"energyWh\":1}");
    }

    private static Envelope producedInWindow(String robotId, long seq, String goodId, long windowSeq) {
        return ProductionRequestsTest.envelope(
                robotId,
                seq,
                MessageType.COMPONENT_PRODUCED,
                "{\"goodId\":\"" + goodId + "\",\"kind\":\"bracket\",\"firmwareVersion\":\"1\",\"energyWh\":1,"
                        + "\"telemetryWindow\":{\"seq\":" + windowSeq + "}}");
    }

    private double gauge(String name) {
        return meters.get(name).gauge().value();
    }

    private double counter(String name, String... tags) {
        return meters.get(name).tags(tags).counter().count();
    }

    private static Envelope check(String robotId, long seq, String goodId) {
        return ProductionRequestsTest.envelope(
                robotId,
                seq,
                MessageType.QUALITY_CHECK,
                "{\"goodId\":\"" + goodId + "\",\"producedBy\":\"production-" + goodId
                        + "\",\"checkType\":\"visual\",\"result\":\"PASS\"}");
    }

    private static Envelope assembled(String robotId, long seq, String goodId, String... parts) {
        return ProductionRequestsTest.envelope(
                robotId,
                seq,
                MessageType.ASSEMBLED,
                "{\"product\":{\"goodId\":\"" + goodId
                        + "\",\"kind\":\"box\",\"firmwareVersion\":\"1\",\"energyWh\":2},"
                        + "\"parts\":["
                        + Arrays.stream(parts)
                                .map(part -> "{\"goodId\":\"" + part + "\",\"producedBy\":\"production-" + part + "\"}")
                                .collect(Collectors.joining(","))
                        + "]}");
    }

    @Test
    void anAssemblyWaitsForItsPartsProductionsThenGoesAndEachIsRecordedWhereItCommitted() {
        journal.add(1, produced("a", 1, "a-g1"));
        journal.add(2, produced("b", 1, "b-g1"));
        journal.add(3, assembled("a", 2, "a-box", "a-g1", "b-g1"));
        ProductionSubmitter submitter = submitter(ledger);

        submitter.round();
        assertThat(ledger.calls).containsExactly("production-a-1", "production-b-1");
        assertThat(wait.of(3))
                .hasValueSatisfying(waiting ->
                        assertThat(waiting.reason()).isEqualTo("waits for production-a-1, production-b-1 (pending)"));

        submitter.round();
        assertThat(ledger.calls).containsExactly("production-a-1", "production-b-1", "production-a-2");
        assertThat(journal.state(1)).isEqualTo("COMMITTED tx-production-a-1 block 1");
        assertThat(journal.state(3)).isEqualTo("COMMITTED tx-production-a-2 block 3");
        assertThat(meters.get("gateway.production.events.committed").counter().count())
                .isEqualTo(3);
        assertThat(meters.get("gateway.production.submission.latency").timer().count())
                .isEqualTo(3);
        assertThat(meters.get("gateway.production.events.pending").gauge().value())
                .isZero();
        assertThat(wait.all()).isEmpty();
    }

    @Test
    void aQualityCheckWaitsOnlyForItsGoodsProductionNotForEarlierEventsOfOtherGoods() {
        List<Runnable> held = new ArrayList<>();
        journal.add(1, produced("a", 1, "a-g1"));
        journal.add(2, produced("b", 1, "b-g1"));
        journal.add(3, check("c", 1, "a-g1"));
        journal.add(4, check("c", 2, "z-old"));
        ProductionSubmitter submitter = submitter(ledger, properties, held::add);

        submitter.round();
        assertThat(held)
                .as("both productions and the check of a good made long ago go at once")
                .hasSize(3);
        held.forEach(Runnable::run);
        assertThat(ledger.calls).containsExactly("production-a-1", "production-b-1", "production-c-2");
        held.clear();

        submitter.round();
        held.forEach(Runnable::run);
        assertThat(ledger.calls).endsWith("production-c-1");
        assertThat(journal.pendingCount()).isZero();
    }

    @Test
    void eventsNamingAGoodWhoseProductionWasRefusedAreRefusedAsDependingOnItAndNeverSent() {
        journal.add(1, produced("a", 1, "a-g1"));
        journal.add(2, check("c", 1, "a-g1"));
        journal.add(3, assembled("b", 1, "b-box", "a-g1"));
        journal.add(4, check("c", 2, "b-box"));
        journal.add(5, produced("a", 2, "a-g2"));
        ledger.refuse.put("production-a-1", ErrorCode.GOOD_ALREADY_EXISTS);
        ProductionSubmitter submitter = submitter(ledger);

        submitter.round();
        submitter.round();
        submitter.round();

        assertThat(ledger.calls).containsExactly("production-a-1", "production-a-2");
        assertThat(journal.state(2))
                .isEqualTo("REFUSED GATEWAY DEPENDS_ON_REFUSED_EVENT: QUALITY_CHECK c/1"
                        + " (RecordQualityCheck production-c-1) depends on refused event production-a-1, the production of a"
                        + " good it names; it is not sent");
        assertThat(journal.state(3))
                .startsWith("REFUSED GATEWAY DEPENDS_ON_REFUSED_EVENT: ASSEMBLED b/1")
                .contains("depends on refused event production-a-1");
        assertThat(journal.state(4))
                .as("refusal goes on down the tree")
                .contains("depends on refused event production-b-1");
        assertThat(journal.state(5)).startsWith("COMMITTED");
        assertThat(counter("gateway.production.events.refused", "by", "GATEWAY", "code", "DEPENDS_ON_REFUSED_EVENT"))
                .isEqualTo(3);
    }

    @Test
    void noMoreThanMaxInFlightEventsAreOnTheirWayAtOnce() {
        List<Runnable> held = new ArrayList<>();
        for (int seq = 1; seq <= 5; seq++) {
            journal.add(seq, produced("a", seq, "a-g" + seq));
        }
        ProductionSubmitter submitter = submitter(
                ledger,
                new ProductionProperties(Duration.ofMillis(200), Duration.ofMillis(500), Duration.ofSeconds(4), 2),
                held::add);

        submitter.round();
        submitter.round();
        assertThat(held).hasSize(2);
        assertThat(gauge("gateway.production.events.in.flight")).isEqualTo(2);

        held.remove(0).run();
        submitter.round();
        assertThat(held)
                .as("a slot freed by a commit is used by the next event")
                .hasSize(2);
        held.forEach(Runnable::run);
        held.clear();
        submitter.round();
        held.forEach(Runnable::run);
        assertThat(ledger.calls)
                .containsExactly(
                        "production-a-1", "production-a-2", "production-a-3", "production-a-4", "production-a-5");
        assertThat(ledger.calls).doesNotHaveDuplicates();
    }

    @Test
    void aReadConflictIsRetriedWithANewProposalBeforeAnythingDependingOnIt() {
        journal.add(1, produced("a", 1, "a-g1"));
        journal.add(2, check("c", 1, "a-g1"));
        ledger.conflictOnce.add("production-a-1");
        ProductionSubmitter submitter = submitter(ledger);

        submitter.round();
        assertThat(journal.state(1)).isEqualTo("PENDING");
        assertThat(ledger.calls).as("the check waits for its good").containsExactly("production-a-1");
        clock.advance(Duration.ofMillis(500));
        submitter.round();
        submitter.round();

        assertThat(ledger.calls).containsExactly("production-a-1", "production-a-1", "production-c-1");
        assertThat(journal.state(1)).startsWith("COMMITTED");
        assertThat(journal.state(2)).startsWith("COMMITTED");
        assertThat(counter("gateway.production.submission.failures", "reason", "CONFLICTS_EXHAUSTED"))
                .isEqualTo(1);
    }

    @Test
    void aLedgerRefusalIsRecordedWithItsCodeAndTheNextEventGoesOn() {
        journal.add(1, produced("a", 1, "a-g1"));
        journal.add(2, assembled("a", 2, "a-box", "never-made"));
        journal.add(3, produced("a", 3, "a-g3"));
        ledger.refuse.put("production-a-2", ErrorCode.GOOD_ALREADY_EXISTS);

        submitter(ledger).round();

        assertThat(ledger.calls).containsExactly("production-a-1", "production-a-2", "production-a-3");
        assertThat(journal.state(2))
                .isEqualTo("REFUSED LEDGER GOOD_ALREADY_EXISTS: refused production-a-2"
                        + " (GOOD_ALREADY_EXISTS, transaction tx-refused)");
        assertThat(journal.state(3)).startsWith("COMMITTED");
        assertThat(meters.get("gateway.production.events.refused")
                        .tags("by", "LEDGER", "code", "GOOD_ALREADY_EXISTS")
                        .counter()
                        .count())
                .isEqualTo(1);

        submitter(ledger).round();
        assertThat(ledger.calls).as("a refusal is not retried").hasSize(3);
    }

    @Test
    void anEventTheContractWouldRefuseIsRefusedByTheGatewayAndNeverSent() {
        journal.add(
                1,
                ProductionRequestsTest.envelope(
                        "a",
                        1,
                        MessageType.QUALITY_CHECK,
                        "{\"goodId\":\"g\",\"producedBy\":\"production-g\",\"checkType\":\"visual\",\"result\":\"maybe\"}"));
        journal.add(2, produced("a", 2, "a-g2"));

        submitter(ledger).round();

        assertThat(ledger.calls).containsExactly("production-a-2");
        assertThat(journal.state(1))
                .isEqualTo("REFUSED GATEWAY INVALID_ARGUMENT: QUALITY_CHECK a/1: result must be"
                        + " PASS or FAIL, was 'maybe'");
        assertThat(meters.get("gateway.production.events.refused")
                        .tags("by", "GATEWAY", "code", "INVALID_ARGUMENT")
                        .counter()
                        .count())
                .isEqualTo(1);
    }

    @Test
    void anOutageStopsTheLoopBacksOffWithinTheBoundThenCatchesUpInOrder() {
        journal.add(1, produced("a", 1, "a-g1"));
        journal.add(2, produced("b", 1, "b-g1"));
        journal.add(3, produced("a", 2, "a-g2"));
        ProductionSubmitter submitter = submitter(ledger);
        ledger.down = true;

        List<Double> pauses = new ArrayList<>();
        for (int attempt = 0; attempt < 5; attempt++) {
            submitter.round();
            double pause =
                    meters.get("gateway.production.submission.backoff").gauge().value();
            pauses.add(pause);
            submitter.round();
            assertThat(ledger.calls).as("no attempt before the pause is over").hasSize(attempt + 1);
            clock.advance(Duration.ofMillis((long) (pause * 1000)));
        }
        assertThat(pauses).containsExactly(0.5, 1.0, 2.0, 4.0, 4.0);
        assertThat(ledger.calls).containsOnly("production-a-1");
        assertThat(journal.pendingCount()).isEqualTo(3);
        assertThat(meters.get("gateway.production.submission.failures")
                        .tag("reason", "LEDGER_UNREACHABLE")
                        .counter()
                        .count())
                .isEqualTo(5);

        ledger.down = false;
        journal.add(4, produced("b", 2, "b-g2"));
        submitter.round();

        assertThat(ledger.calls.subList(5, ledger.calls.size()))
                .containsExactly("production-a-1", "production-b-1", "production-a-2", "production-b-2");
        assertThat(journal.pendingCount()).isZero();
        assertThat(meters.get("gateway.production.submission.backoff").gauge().value())
                .isZero();
    }

    @Test
    void aLostCommitStatusIsReCheckedSoonUnderTheSameEventIdAndRecordedOnceWithTheOriginalTransaction() {
        List<Runnable> held = new ArrayList<>();
        journal.add(1, produced("a", 1, "a-g1"));
        journal.add(2, produced("a", 2, "a-g2"));
        ledger.loseAnswerOnce.add("production-a-1");
        ProductionSubmitter submitter = submitter(ledger, properties, held::add);

        submitter.round();
        held.remove(0).run();
        assertThat(journal.state(1)).isEqualTo("PENDING");
        assertThat(gauge("gateway.production.submission.backoff"))
                .as("re-checked after the first pause, not a" + " commit-status deadline")
                .isEqualTo(0.5);
        held.forEach(Runnable::run);
        held.clear();
        assertThat(journal.state(2))
                .as("an independent event in flight goes on")
                .startsWith("COMMITTED");
        clock.advance(Duration.ofMillis(500));
        submitter.round();
        held.forEach(Runnable::run);

        assertThat(ledger.calls).containsExactly("production-a-1", "production-a-2", "production-a-1");
        assertThat(ledger.entries).containsOnlyKeys("production-a-1", "production-a-2");
        assertThat(journal.state(1)).isEqualTo("COMMITTED tx-production-a-1 block 1");
    }

    @Test
    void aProductionNamingItsWindowWaitsWithItsDependentsUntilTheWindowsBatchIsAnchoredThenCarriesTheAnchor() {
        Digest root = Digest.sha256(new byte[] {7});
        journal.window("a", 1, NamedWindow.of("TELEMETRY_WINDOW", null, null, null));
        journal.add(2, producedInWindow("a", 2, "a-g2", 1));
        journal.add(3, produced("b", 1, "b-g1"));
        journal.add(4, check("c", 1, "a-g2"));
        ProductionSubmitter submitter = submitter(ledger);

        submitter.round();
        assertThat(ledger.calls).as("only the event naming no window goes").containsExactly("production-b-1");
        assertThat(wait.of(2))
                .hasValueSatisfying(waiting -> assertThat(waiting.reason())
                        .isEqualTo(
                                "waits for the anchor of telemetry window a/1: the window is not yet sealed into an anchor"
                                        + " batch"));
        assertThat(wait.of(4))
                .hasValueSatisfying(
                        waiting -> assertThat(waiting.reason()).isEqualTo("waits for production-a-2 (pending)"));

        journal.window("a", 1, NamedWindow.of("TELEMETRY_WINDOW", 7L, "PENDING_SUBMISSION", root));
        clock.advance(Duration.ofSeconds(2));
        submitter.round();
        assertThat(ledger.calls).hasSize(1);
        assertThat(journal.state(2)).isEqualTo("PENDING");
        assertThat(journal.state(4)).isEqualTo("PENDING");
        assertThat(wait.of(2))
                .hasValueSatisfying(waiting -> assertThat(waiting.reason())
                        .isEqualTo(
                                "waits for the anchor of telemetry window a/1: its batch 7 is PENDING_SUBMISSION, not yet"
                                        + " on the ledger"));
        assertThat(gauge("gateway.production.waiting.for.anchor")).isEqualTo(2.0);
        assertThat(counter("gateway.production.events.held.for.anchor"))
                .as("counted once per event")
                .isEqualTo(1);
        assertThat(gauge("gateway.production.submission.backoff"))
                .as("waiting is no failure")
                .isZero();
        assertThat(meters.get("gateway.production.submission.failures").counters())
                .allSatisfy(failures -> assertThat(failures.count()).isZero());

        journal.window("a", 1, NamedWindow.of("TELEMETRY_WINDOW", 7L, "ANCHORED", root));
        clock.advance(Duration.ofMillis(200));
        submitter.round();
        submitter.round();

        assertThat(ledger.calls).containsExactly("production-b-1", "production-a-2", "production-c-1");
        assertThat(((ContractRequest.ProductionReport) ledger.received.get(1).request()).telemetryAnchor())
                .isEqualTo(new ContractRequest.TelemetryAnchorRef("7", root.hex()));
        assertThat(((ContractRequest.ProductionReport) ledger.received.get(0).request()).telemetryAnchor())
                .as("an event naming no window is sent as before")
                .isNull();
        assertThat(journal.state(2)).isEqualTo("COMMITTED tx-production-a-2 block 2");
        assertThat(wait.all()).isEmpty();
        assertThat(gauge("gateway.production.waiting.for.anchor")).isZero();
    }

    @Test
    void aRobotsEventsGoInTheOrderOfTheirNumbersEvenWhenALowerOneWasJournaledLater() {
        journal.add(2, check("a", 2, "a-g1"));
        journal.add(3, produced("b", 1, "b-g1"));
        journal.add(4, produced("a", 1, "a-g1"));
        ProductionSubmitter submitter = submitter(ledger);

        submitter.round();
        assertThat(ledger.calls).containsExactlyInAnyOrder("production-b-1", "production-a-1");
        submitter.round();
        assertThat(ledger.calls).hasSize(3).endsWith("production-a-2");
    }

    @Test
    void anEventWaitsForALowerNumberOfItsRobotThatAnotherGatewayMayStillBring() {
        journal.add(2, produced("a", 2, "a-g2"));
        journal.add(3, check("a", 3, "a-g2"));
        journal.add(4, produced("b", 1, "b-g1"));
        journal.awaited.put("a", 1L);
        ProductionSubmitter submitter = submitter(ledger);

        submitter.round();
        assertThat(ledger.calls).as("robot b misses nothing").containsExactly("production-b-1");
        assertThat(journal.state(2)).isEqualTo("PENDING");
        assertThat(wait.of(2))
                .hasValueSatisfying(waiting -> assertThat(waiting.reason())
                        .isEqualTo(
                                "waits for a/1, missing from the journal: it may still come through another gateway"));

        journal.awaited.clear();
        clock.advance(Duration.ofSeconds(2));
        submitter.round();
        submitter.round();
        assertThat(ledger.calls).containsExactly("production-b-1", "production-a-2", "production-a-3");
    }

    @Test
    void aWindowTheJournalNeverHeldOrAnEnvelopeThatIsNoWindowIsRefusedByTheGatewayAndNeverSent() {
        journal.add(2, producedInWindow("a", 2, "a-g2", 1));
        journal.window("a", 3, NamedWindow.of("COMPONENT_PRODUCED", null, null, null));
        journal.add(4, producedInWindow("a", 4, "a-g4", 3));
        journal.add(5, produced("a", 5, "a-g5"));

        submitter(ledger).round();

        assertThat(ledger.calls).containsExactly("production-a-5");
        assertThat(journal.state(2))
                .isEqualTo(
                        "REFUSED GATEWAY TELEMETRY_WINDOW_NOT_JOURNALED: COMPONENT_PRODUCED"
                                + " a/2 (" + RECORD_PRODUCTION.functionName()
                                + " production-a-2) names telemetry window a/1, which this gateway never"
                                + " journaled (lost, dead-lettered, or sent after the event); its production cannot be anchored");
        assertThat(journal.state(4))
                .isEqualTo("REFUSED GATEWAY NOT_A_TELEMETRY_WINDOW: COMPONENT_PRODUCED a/4"
                        + " (" + RECORD_PRODUCTION.functionName()
                        + " production-a-4) names a/3 as its telemetry window, but that envelope is a"
                        + " COMPONENT_PRODUCED");
        assertThat(counter(
                        "gateway.production.events.refused", "by", "GATEWAY", "code", "TELEMETRY_WINDOW_NOT_JOURNALED"))
                .isEqualTo(1);
        assertThat(counter("gateway.production.events.refused", "by", "GATEWAY", "code", "NOT_A_TELEMETRY_WINDOW"))
                .isEqualTo(1);
        assertThat(wait.all()).isEmpty();
    }

    @Test
    void withoutALedgerEveryEventStaysPendingAndIsCounted() {
        journal.add(1, produced("a", 1, "a-g1"));
        journal.add(2, produced("a", 2, "a-g2"));

        submitter(null).round();

        assertThat(journal.state(1)).isEqualTo("PENDING");
        assertThat(meters.get("gateway.production.events.pending").gauge().value())
                .isEqualTo(2);
    }

    @Test
    void aJournalFailureBacksOffToo() {
        journal.add(1, produced("a", 1, "a-g1"));
        journal.failWrites = true;
        ProductionSubmitter submitter = submitter(ledger);

        submitter.round();
        submitter.round();

        assertThat(ledger.calls).containsExactly("production-a-1");
        assertThat(meters.get("gateway.production.submission.failures")
                        .tag("reason", "UNEXPECTED")
                        .counter()
                        .count())
                .isEqualTo(1);
        journal.failWrites = false;
        clock.advance(Duration.ofSeconds(1));
        submitter.round();
        assertThat(journal.state(1)).startsWith("COMMITTED");
        assertThat(ledger.entries).hasSize(1);
    }

    /**
     * A ledger that records each event id once, like the chaincode's idempotent writes: a second
     * call with a known id answers the first receipt. It can be down, refuse, or record and then
     * lose the answer.
     */
    static final class FakeLedger implements ProductionLedger {
        final List<String> calls = new ArrayList<>();
        final List<ProductionEvent> received = new ArrayList<>();
        final Map<String, ProductionReceipt> entries = new HashMap<>();
        final Map<String, ErrorCode> refuse = new HashMap<>();
        final List<String> loseAnswerOnce = new ArrayList<>();
        final List<String> conflictOnce = new ArrayList<>();
        boolean down;
        private long blocks;

        @Override
        public ProductionReceipt record(ProductionEvent event) {
            calls.add(event.eventId());
            received.add(event);
            if (down) {
                throw new LedgerUnreachableException("peer unreachable");
            }
            if (conflictOnce.remove(event.eventId())) {
                throw new CommitFailedException(
                        "conflicts past the bound", "tx-conflict", "MVCC_READ_CONFLICT", true, 4);
            }
            ErrorCode code = refuse.get(event.eventId());
            if (code != null) {
                throw new ChaincodeRefusedException(
                        new Refusal(code, "refused " + event.eventId()), "tx-refused", null);
            }
            ProductionReceipt receipt =
                    entries.computeIfAbsent(event.eventId(), id -> new ProductionReceipt("tx-" + id, ++blocks));
            if (loseAnswerOnce.remove(event.eventId())) {
                throw new LedgerUnreachableException("commit status lost", "tx-" + event.eventId(), null);
            }
            return receipt;
        }
    }

    /** The journal table's behaviour, in memory: pending in envelope order, a decision written once. */
    static final class InMemoryProductionEvents extends ProductionEvents {
        private final TreeMap<Long, byte[]> bodies = new TreeMap<>();
        private final Map<Long, String> states = new HashMap<>();
        private final Map<String, NamedWindow> windows = new HashMap<>();
        boolean failWrites;

        InMemoryProductionEvents() {
            super(null, JournalSharing.SOLE_WRITER);
        }

        /** What another gateway may still bring: each robot's lowest missing number. */
        final Map<String, Long> awaited = new HashMap<>();

        void add(long envelopeId, Envelope envelope) {
            bodies.put(envelopeId, envelope.toBytes());
            states.put(envelopeId, "PENDING");
        }

        String state(long envelopeId) {
            return states.get(envelopeId);
        }

        /** What the journal holds under {@code robotId/seq}, as a production naming it finds it. */
        void window(String robotId, long seq, NamedWindow window) {
            windows.put(robotId + "/" + seq, window);
        }

        @Override
        public Map<String, Long> awaitedNumbers(java.util.Set<String> robotIds) {
            return Map.copyOf(awaited);
        }

        @Override
        public NamedWindow namedWindow(String robotId, long seq) {
            return windows.getOrDefault(robotId + "/" + seq, NamedWindow.notJournaled());
        }

        @Override
        public List<Pending> pending(int limit) {
            return bodies.entrySet().stream()
                    .filter(entry -> states.get(entry.getKey()).equals("PENDING"))
                    .limit(limit)
                    .map(entry -> new Pending(entry.getKey(), entry.getValue()))
                    .toList();
        }

        @Override
        Map<String, List<CausalOrder.DecidedProduction>> decidedProductions(java.util.Set<String> goodIds) {
            Map<String, List<CausalOrder.DecidedProduction>> found = new HashMap<>();
            bodies.forEach((envelopeId, body) -> {
                String state = states.get(envelopeId);
                Envelope envelope = Envelope.parse(body, body.length);
                String good = goodIdOf(body);
                if (!state.equals("PENDING")
                        && envelope.type() != MessageType.QUALITY_CHECK
                        && goodIds.contains(good)) {
                    found.computeIfAbsent(good, ignored -> new ArrayList<>())
                            .add(new CausalOrder.DecidedProduction(
                                    envelopeId,
                                    ProductionEvent.eventId(envelope.robotId(), envelope.seq()),
                                    state.startsWith("REFUSED")));
                }
            });
            return found;
        }

        @Override
        public long pendingCount() {
            return states.values().stream().filter("PENDING"::equals).count();
        }

        @Override
        public boolean markCommitted(long envelopeId, String eventId, ProductionReceipt receipt, Instant at) {
            return decide(
                    envelopeId, ignored -> "COMMITTED " + receipt.transactionId() + " block " + receipt.blockNumber());
        }

        @Override
        public boolean markRefused(
                long envelopeId, String eventId, RefusedBy by, String code, String message, Instant at) {
            return decide(envelopeId, ignored -> "REFUSED " + by + " " + code + ": " + message);
        }

        private boolean decide(long envelopeId, Function<String, String> state) {
            if (failWrites) {
                throw new IllegalStateException("journal unavailable");
            }
            if (!"PENDING".equals(states.get(envelopeId))) {
                return false;
            }
            states.put(envelopeId, state.apply(null));
            return true;
        }
    }

    static final class MutableClock extends Clock {
        private Instant now = Instant.parse("2026-12-04T10:00:00Z");

        void advance(Duration duration) {
            now = now.plus(duration);
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }
    }
}
