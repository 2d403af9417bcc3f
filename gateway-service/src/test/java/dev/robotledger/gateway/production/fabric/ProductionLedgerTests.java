package dev.robotledger.gateway.production.fabric;

import static dev.robotledger.contract.ContractTransaction.ASSEMBLE_PRODUCT;
import static dev.robotledger.contract.ContractTransaction.GET_ANCHOR;
import static dev.robotledger.contract.ContractTransaction.GET_GOOD;
import static dev.robotledger.contract.ContractTransaction.RECORD_ANCHOR;
import static dev.robotledger.contract.ContractTransaction.RECORD_PRODUCTION;
import static dev.robotledger.contract.ContractTransaction.RECORD_QUALITY_CHECK;
import static dev.robotledger.gateway.testing.ProductionPayloads.assembly;
import static dev.robotledger.gateway.testing.ProductionPayloads.check;
import static dev.robotledger.gateway.testing.ProductionPayloads.component;
import static org.assertj.core.api.Assertions.assertThat;

import dev.robotledger.agent.AgentSettings;
import dev.robotledger.agent.RobotAgent;
import dev.robotledger.agent.sim.SimulatedGoods;
import dev.robotledger.agent.sim.SimulatedRobot;
import dev.robotledger.contract.ContractTransaction;
import dev.robotledger.contract.ErrorCode;
import dev.robotledger.gateway.access.Role;
import dev.robotledger.gateway.production.ProductionEvent;
import dev.robotledger.gateway.production.SubmissionFailure;
import dev.robotledger.gateway.testing.Await;
import dev.robotledger.gateway.testing.InProcessGateway;
import dev.robotledger.gateway.testing.JournalAndBroker;
import dev.robotledger.gateway.testing.LedgerTests;
import dev.robotledger.gateway.testing.LedgerTransaction;
import dev.robotledger.gateway.testing.LedgerUnderTest;
import dev.robotledger.gateway.testing.Publisher;
import dev.robotledger.gateway.testing.TestRobot;
import dev.robotledger.wire.merkle.Digest;
import dev.robotledger.wire.message.Envelope;
import dev.robotledger.wire.message.MessageType;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.hyperledger.fabric.protos.peer.TxValidationCode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * Robots' production events through a real Mosquitto and the real PostgreSQL journal, recorded by
 * the Fabric adapter ({@link FabricProductionLedger} on the TLS {@code LedgerConnection}) on a
 * {@link LedgerUnderTest}: the embedded ledger ({@link ProductionLedgerIT}) or the tests' Fabric
 * network ({@link ProductionLedgerFabricIT}). The gateway's requests meet the contract's strict
 * parser and rules, its replay check the contract's idempotent answers, its refusal/outage
 * decision a peer Gateway's error shapes. What reached the ledger is read from its blocks and by
 * evaluates of clients of the test's own, never through the gateway.
 *
 * <p>Anchor batches seal at 20 readings (never by age here), so a test decides when the batch
 * holding a window is complete: productions that name their window wait for it.
 */
abstract class ProductionLedgerTests<L extends LedgerUnderTest> extends LedgerTests<L> {

    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    private static final ObjectMapper JSON = new ObjectMapper();
    static final Set<String> PRODUCTION_FUNCTIONS = Stream.of(RECORD_PRODUCTION, ASSEMBLE_PRODUCT, RECORD_QUALITY_CHECK)
            .map(ContractTransaction::functionName)
            .collect(Collectors.toUnmodifiableSet());

    @RegisterExtension
    static final JournalAndBroker INFRA = new JournalAndBroker();

    final String run = UUID.randomUUID().toString().substring(0, 8);
    final TestRobot press = new TestRobot("pl-press-" + run);
    final TestRobot welder = new TestRobot("pl-welder-" + run);
    final String plate = press.robotId() + "-plate";
    final String bolt = welder.robotId() + "-bolt";
    final String frame = welder.robotId() + "-frame";
    protected InProcessGateway gateway;
    private Publisher publisher;
    private long frameAssembledAt;

    /** A production event as the journal holds it. */
    record JournaledEvent(
            long envelopeId,
            String eventId,
            String state,
            String transactionId,
            Long blockNumber,
            String refusedBy,
            String errorCode,
            String errorMessage) {}

    /** A gateway connected to the ledger over TLS, both robots registered through the API. */
    @BeforeEach
    void setUp() throws Exception {
        // The gateway's read model must not resume another test's checkpoint on another ledger.
        INFRA.db()
                .jdbc()
                .execute("DO $$ BEGIN IF to_regclass('ledger_checkpoint') IS NOT NULL THEN"
                        + " TRUNCATE ledger_checkpoint, ledger_state, ledger_state_history; END IF; END $$");
        // Nor batch another test's windows: their robots may not be on this ledger, so their anchor would be refused.
        INFRA.db()
                .jdbc()
                .execute("DO $$ BEGIN IF to_regclass('anchor_batches') IS NOT NULL THEN"
                        + " TRUNCATE production_events, envelopes, anchor_batches; END IF; END $$");
        gateway = ledger.startGateway(
                INFRA,
                "manufacturer",
                "production-ledger-" + run,
                "gateway.anchoring.max-age=1h",
                "gateway.anchoring.max-readings=20",
                "gateway.production.poll-interval=100ms",
                "gateway.production.submit-retry-initial=100ms",
                "gateway.production.submit-retry-max=400ms");
        publisher = new Publisher(INFRA.broker().uri(), "robots-" + run);
        gateway.register(press);
        gateway.register(welder);
    }

    @AfterEach
    void tearDown() throws Exception {
        if (publisher != null) {
            publisher.close();
        }
        if (gateway != null) {
            gateway.close();
        }
    }

    /** This test's production events (its robots' ids end with the run id), in journal order. */
    List<JournaledEvent> journaled() {
        return INFRA.db()
                .jdbc()
                .query(
                        """
                SELECT e.envelope_id, e.robot_id, e.seq, p.state, p.transaction_id, p.block_number, p.refused_by,
                       p.error_code, p.error_message
                FROM production_events p JOIN envelopes e USING (envelope_id)
                WHERE e.robot_id LIKE ? ORDER BY e.envelope_id""",
                        (row, index) -> new JournaledEvent(
                                row.getLong("envelope_id"),
                                ProductionEvent.eventId(row.getString("robot_id"), row.getLong("seq")),
                                row.getString("state"),
                                row.getString("transaction_id"),
                                (Long) row.getObject("block_number"),
                                row.getString("refused_by"),
                                row.getString("error_code"),
                                row.getString("error_message")),
                        "pl-%-" + run);
    }

    List<JournaledEvent> awaitDecided(int count) {
        Await.until(
                count + " production events decided",
                TIMEOUT,
                () -> journaled().size() == count
                        && journaled().stream().noneMatch(e -> e.state().equals("PENDING")),
                this::journaled);
        return journaled();
    }

    List<JournaledEvent> awaitJournaled(int count) {
        Await.until(
                count + " production events journaled",
                TIMEOUT,
                () -> journaled().size() == count,
                this::journaled);
        return journaled();
    }

    void publish(TestRobot robot, Envelope... envelopes) {
        for (Envelope envelope : envelopes) {
            publisher.publish(robot, envelope);
        }
    }

    static String eventId(Envelope envelope) {
        return ProductionEvent.eventId(envelope.robotId(), envelope.seq());
    }

    protected JsonNode good(String goodId) throws Exception {
        return JSON.readTree(ledger.evaluate("retailer", GET_GOOD, goodId));
    }

    // What only a peer that records the proposals it receives can show; a Fabric peer keeps none.

    /** Checks that of the plate and the bolt only the bolt was proposed yet. */
    protected void onlyTheBoltWasProposed() {}

    /** Checks that of the two events the gateway refused, neither was proposed. */
    protected void whatThePeerReceivedForGatewayRefusals() {}

    /** Checks the proposals behind {@code events}, all committed without a refusal. */
    protected void whatThePeerReceivedForCommittedEvents(List<JournaledEvent> events) {}

    /** Checks the proposals of {@link #refusedAmongCommitted()}. */
    protected void whatThePeerReceivedForRefusals() {}

    /** Checks the proposals while the chaincode was down, with two events pending. */
    protected void whileTheChaincodeWasDown() {}

    /** This test's production transactions on the ledger, in block order. */
    protected List<LedgerTransaction> productionTransactions() {
        return ledger.transactionsFrom(startHeight).stream()
                .filter(tx -> PRODUCTION_FUNCTIONS.contains(tx.function()))
                .toList();
    }

    /** The event ids this test's transactions recorded on the ledger (the first argument of each), VALID or not. */
    protected List<String> eventIdsOnLedger() {
        return ledger.transactionsFrom(startHeight).stream()
                .map(tx -> tx.args().get(0))
                .toList();
    }

    double failures() {
        return Arrays.stream(SubmissionFailure.values())
                .mapToDouble(
                        reason -> gateway.counter("gateway.production.submission.failures", "reason", reason.name()))
                .sum();
    }

    /** The robots' envelopes as journaled: windows with their readings and batch, events with their state. */
    private static String journaled(String robotPattern) {
        return INFRA.db().jdbc().queryForList("""
                SELECT e.robot_id || '#' || e.seq || ' ' || e.message_type || CASE
                         WHEN e.message_type = 'TELEMETRY_WINDOW'
                           THEN ' readings=' || e.reading_count || ' batch=' || coalesce(e.batch_id::text, '-')
                         ELSE ' ' || coalesce(p.state, '?') END
                  FROM envelopes e LEFT JOIN production_events p USING (envelope_id)
                 WHERE e.robot_id LIKE ? ORDER BY e.envelope_id""", String.class, robotPattern).toString();
    }

    private JsonNode collateralReport(String goodId) throws Exception {
        byte[] body = gateway.web(Role.LENDER)
                .get()
                .uri("/api/goods/" + goodId + "/collateral-report")
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody()
                .returnResult()
                .getResponseBody();
        return JSON.readTree(body).get("report");
    }

    /** The journal's batch of a window: its number, state and root. */
    private Map<String, Object> batchOf(Envelope window) {
        return INFRA.db().jdbc().queryForMap("""
                SELECT b.batch_id, b.state, b.merkle_root FROM envelopes e JOIN anchor_batches b USING (batch_id)
                WHERE e.robot_id = ? AND e.seq = ?""", window.robotId(), window.seq());
    }

    @Test
    void aProductionNamingItsWindowWaitsForThatWindowsAnchorThenTheLedgerRecordsItAndTheLenderFindsItEligible()
            throws Exception {
        Envelope pressWindow = press.windowNow(10);
        Envelope plateMade = press.producedIn(pressWindow, MessageType.COMPONENT_PRODUCED, component(plate, "plate"));
        Envelope boltMade = welder.event(MessageType.COMPONENT_PRODUCED, component(bolt, "bolt"));
        publish(press, pressWindow, plateMade);
        publish(welder, boltMade);
        awaitJournaled(2);
        Await.until(
                "the plate held for its window's anchor",
                TIMEOUT,
                () -> gateway.counter("gateway.production.events.held.for.anchor") >= 1);
        Await.until(
                "the bolt committed", TIMEOUT, () -> journaled().get(1).state().equals("COMMITTED"), this::journaled);

        assertThat(journaled())
                .extracting(JournaledEvent::state)
                .as("the bolt does not depend on the plate, so it does not wait behind it")
                .containsExactly("PENDING", "COMMITTED");
        assertThat(productionTransactions())
                .extracting(tx -> tx.args().get(0))
                .as("only the bolt before the anchor")
                .containsExactly(eventId(boltMade));
        onlyTheBoltWasProposed();
        JsonNode pending = JSON.readTree(gateway.web()
                .get()
                .uri("/api/production-events?state=PENDING")
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody()
                .returnResult()
                .getResponseBody());
        assertThat(pending.findValuesAsString("pendingReason"))
                .contains("waits for the anchor of telemetry window " + press.robotId() + "/" + pressWindow.seq()
                        + ": the window is not yet sealed into an anchor batch");

        // Ten more readings complete the batch of 20: it is anchored, then the plate goes.
        Envelope welderWindow = welder.windowNow(10);
        publish(welder, welderWindow);
        List<JournaledEvent> events = awaitDecided(2);

        assertThat(events).extracting(JournaledEvent::state).containsOnly("COMMITTED");
        Map<String, Object> batch = batchOf(pressWindow);
        assertThat(batch.get("state")).isEqualTo("ANCHORED");
        String batchId = batch.get("batch_id").toString();
        String root = new Digest((byte[]) batch.get("merkle_root")).hex();
        LedgerTransaction anchorCommit =
                ledger.transactionsFrom(startHeight, RECORD_ANCHOR).get(0);
        assertThat(anchorCommit.blockNumber())
                .as("the anchor is on the ledger before the production naming it")
                .isLessThan(events.get(0).blockNumber());
        JsonNode plateOnLedger = good(plate);
        assertThat(plateOnLedger.at("/production/telemetryAnchor/batchId").asString())
                .isEqualTo(batchId);
        assertThat(plateOnLedger.at("/production/telemetryAnchor/merkleRoot").asString())
                .isEqualTo(root);
        assertThat(good(bolt).at("/production").has("telemetryAnchor"))
                .as("an event naming no window, as before")
                .isFalse();
        JsonNode anchor = JSON.readTree(ledger.evaluate("retailer", GET_ANCHOR, batchId));
        long producedAt = plateOnLedger.at("/production/producedAtEpochMillis").asLong();
        assertThat(producedAt)
                .isEqualTo(pressWindow.timestamp())
                .isBetween(
                        anchor.get("fromEpochMillis").asLong(),
                        anchor.get("toEpochMillis").asLong());
        assertThat(anchor.get("robotIds")).extracting(JsonNode::asString).contains(press.robotId());

        publish(press, press.event(MessageType.QUALITY_CHECK, check(plate)));
        awaitDecided(3);
        JsonNode plateReport = collateralReport(plate);
        assertThat(plateReport.get("reasons"))
                .as("anchored, checked, registered, held")
                .isEmpty();
        assertThat(plateReport.get("verdict").asString()).isEqualTo("ELIGIBLE");
        JsonNode boltReport = collateralReport(bolt);
        assertThat(boltReport.get("reasons").findValuesAsString("code")).contains("UNANCHORED");
        assertThat(gateway.meters()
                        .get("gateway.production.waiting.for.anchor")
                        .gauge()
                        .value())
                .isZero();
        assertThat(failures()).as("waiting is not a failure").isZero();
    }

    @Test
    void aWindowTheGatewayNeverJournaledOrAnEventNamedAsAWindowIsRefusedByTheGatewayWhileLaterEventsCommit()
            throws Exception {
        Envelope pressWindow = press.windowNow(10);
        press.skip(1); // the window a robot lost: never sent
        long lostWindow = pressWindow.seq() + 1;
        Envelope namesLost = press.namingWindow(
                MessageType.COMPONENT_PRODUCED, component(plate, "plate"), lostWindow, pressWindow.timestamp());
        Envelope plain = press.event(MessageType.COMPONENT_PRODUCED, component(bolt, "bolt"));
        Envelope namesAnEvent =
                press.namingWindow(MessageType.ASSEMBLED, assembly(frame, bolt), plain.seq(), plain.timestamp());
        Envelope boltChecked = press.event(MessageType.QUALITY_CHECK, check(bolt));
        publish(press, pressWindow, namesLost, plain, namesAnEvent, boltChecked);

        List<JournaledEvent> events = awaitDecided(4);

        assertThat(events)
                .extracting(JournaledEvent::state)
                .containsExactly("REFUSED", "COMMITTED", "REFUSED", "COMMITTED");
        assertThat(events.get(0))
                .extracting(JournaledEvent::refusedBy, JournaledEvent::errorCode)
                .containsExactly("GATEWAY", "TELEMETRY_WINDOW_NOT_JOURNALED");
        assertThat(events.get(0).errorMessage())
                .contains("names telemetry window " + press.robotId() + "/" + lostWindow
                        + ", which this gateway never journaled");
        assertThat(events.get(2))
                .extracting(JournaledEvent::refusedBy, JournaledEvent::errorCode)
                .containsExactly("GATEWAY", "NOT_A_TELEMETRY_WINDOW");
        assertThat(events.get(2).errorMessage()).contains("but that envelope is a COMPONENT_PRODUCED");
        assertThat(productionTransactions())
                .as("refused events are never sent")
                .extracting(LedgerTransaction::function)
                .containsExactly(RECORD_PRODUCTION.functionName(), RECORD_QUALITY_CHECK.functionName());
        whatThePeerReceivedForGatewayRefusals();
        JsonNode refused = JSON.readTree(gateway.web()
                .get()
                .uri("/api/production-events?state=REFUSED")
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody()
                .returnResult()
                .getResponseBody());
        assertThat(refused.findValuesAsString("errorCode"))
                .contains("TELEMETRY_WINDOW_NOT_JOURNALED", "NOT_A_TELEMETRY_WINDOW");
        assertThat(gateway.counter(
                        "gateway.production.events.refused", "by", "GATEWAY", "code", "TELEMETRY_WINDOW_NOT_JOURNALED"))
                .isEqualTo(1);
    }

    /**
     * Two robot-agents driven by the simulator's own production steps (robot-agent's
     * {@link SimulatedRobot}: parts made and inspected, then their assembly, inspected): each
     * production names the window the agent sealed for it, and the product they assembled is
     * eligible as collateral in the chaincode's {@code VerifyCollateral}, down to its raw parts.
     */
    @Test
    void aProductTheSimulatedRobotsMadeAndInspectedIsEligibleAsCollateralDownToItsRawParts() throws Exception {
        List<SimulatedRobot> robots = new ArrayList<>();
        try {
            // Short ids: the simulator's GS1 serials are <robotId>.<step>, at most 20 characters.
            for (String name : List.of("sa" + run, "sb" + run)) {
                RobotAgent agent = RobotAgent.start(
                        dir.resolve(name),
                        name,
                        "s1",
                        "l1",
                        AgentSettings.defaults(INFRA.broker().uri()).withWindow(1_000, Duration.ofMinutes(5)));
                gateway.register(name, agent.identity().publicKey());
                robots.add(SimulatedRobot.start(agent, dir.resolve(name), 10, "9506000"));
            }
            // Steps at readings 10, 20, 30 (part, part, assembly) and 40 (a part whose window completes the
            // batch of the assembly's window); 10 readings per window, batches of 20.
            for (SimulatedRobot robot : robots) {
                robot.generateUpTo(40);
                robot.agent().flush().join();
            }
            String product = new SimulatedGoods("sa" + run, "9506000")
                    .item("assembly", 2)
                    .epcUri();
            // Four production steps of two events each (the good, its check) per robot, all decided.
            Await.until(
                    "the simulated robots' 16 events decided",
                    TIMEOUT,
                    () -> INFRA.db().count("""
                    SELECT count(*) FROM production_events p JOIN envelopes e USING (envelope_id)
                    WHERE e.robot_id IN (?, ?) AND p.state <> 'PENDING'""", "sa" + run, "sb" + run) == 2 * 8,
                    () -> journaled("s_" + run));

            assertThat(INFRA.db().count("""
                    SELECT count(*) FROM production_events p JOIN envelopes e USING (envelope_id)
                    WHERE e.robot_id IN (?, ?) AND p.state = 'COMMITTED'""", "sa" + run, "sb" + run)).isEqualTo(16);
            JsonNode report = collateralReport(product);
            assertThat(report.get("reasons")).as("reasons against %s", product).isEmpty();
            assertThat(report.get("verdict").asString()).isEqualTo("ELIGIBLE");
            assertThat(report.at("/checked/nodeCount").asInt()).isEqualTo(3);
            assertThat(report.at("/checked/rawPartCount").asInt()).isEqualTo(2);
            assertThat(report.at("/checked/anchorsChecked").asInt()).isPositive();
            assertThat(report.at("/checked/qualityChecksCounted").asInt()).isEqualTo(3);
            JsonNode onLedger = good(product);
            assertThat(onLedger.at("/production/telemetryAnchor/batchId").asString())
                    .isNotEmpty();
            for (JsonNode part : onLedger.get("partIds")) {
                assertThat(good(part.asString())
                                .at("/production/telemetryAnchor/merkleRoot")
                                .asString())
                        .hasSize(64);
            }
        } finally {
            robots.forEach(SimulatedRobot::closeQuietly);
        }
    }

    /** The plate, the bolt, the frame of both and the frame's check, published and decided. */
    List<JournaledEvent> componentAssemblyAndCheck() {
        Envelope plateMade = press.event(MessageType.COMPONENT_PRODUCED, component(plate, "plate"));
        Envelope boltMade = welder.event(MessageType.COMPONENT_PRODUCED, component(bolt, "bolt"));
        Envelope frameAssembled = welder.event(MessageType.ASSEMBLED, assembly(frame, plate, bolt));
        Envelope frameChecked = press.event(MessageType.QUALITY_CHECK, check(frame));
        publish(press, plateMade);
        frameAssembledAt = frameAssembled.timestamp();
        publish(welder, boltMade, frameAssembled);
        publish(press, frameChecked);

        List<JournaledEvent> events = awaitDecided(4);
        assertThat(events)
                .extracting(JournaledEvent::eventId)
                .containsExactly(eventId(plateMade), eventId(boltMade), eventId(frameAssembled), eventId(frameChecked));
        assertThat(events).extracting(JournaledEvent::state).containsOnly("COMMITTED");
        return events;
    }

    @Test
    void aComponentAnAssemblyOfTwoRobotsPartsAndAQualityCheckCommitOnceEachUnderThePeersTransactions()
            throws Exception {
        List<JournaledEvent> events = componentAssemblyAndCheck();
        whatThePeerReceivedForCommittedEvents(events);

        List<LedgerTransaction> commits = productionTransactions();
        List<String> onLedger =
                commits.stream().map(LedgerTransaction::transactionId).toList();
        assertThat(onLedger)
                .as("one VALID transaction per event, none repeated")
                .containsExactlyInAnyOrderElementsOf(
                        events.stream().map(JournaledEvent::transactionId).toList());
        assertThat(onLedger.indexOf(events.get(2).transactionId()))
                .as("the assembly after both parts")
                .isGreaterThan(onLedger.indexOf(events.get(0).transactionId()))
                .isGreaterThan(onLedger.indexOf(events.get(1).transactionId()));
        assertThat(onLedger.indexOf(events.get(3).transactionId()))
                .as("the frame's check after its assembly")
                .isGreaterThan(onLedger.indexOf(events.get(2).transactionId()));
        assertThat(commits).extracting(LedgerTransaction::code).containsOnly(TxValidationCode.VALID);
        assertThat(commits)
                .extracting(tx -> tx.transactionId() + "@" + tx.blockNumber())
                .containsExactlyInAnyOrderElementsOf(events.stream()
                        .map(event -> event.transactionId() + "@" + event.blockNumber())
                        .toList());
        assertThat(commits)
                .as("each under its event's id, submitted as the gateway's org")
                .allSatisfy(tx -> assertThat(tx.creatorMspId()).isEqualTo("ManufacturerMSP"))
                .extracting(tx -> tx.transactionId() + " " + tx.args().get(0))
                .containsExactlyInAnyOrderElementsOf(events.stream()
                        .map(event -> event.transactionId() + " " + event.eventId())
                        .toList());

        JsonNode frameOnLedger = good(frame);
        assertThat(frameOnLedger.at("/production/recordedInTxId").asString())
                .isEqualTo(events.get(2).transactionId());
        assertThat(frameOnLedger.at("/production/robotId").asString()).isEqualTo(welder.robotId());
        assertThat(frameOnLedger.at("/production/producedAtEpochMillis").asLong())
                .isEqualTo(frameAssembledAt);
        assertThat(frameOnLedger
                        .at("/production/processParameters/weld.current.a")
                        .asDouble())
                .isEqualTo(120.5);
        assertThat(frameOnLedger.get("partIds")).extracting(JsonNode::asString).containsExactly(plate, bolt);
        assertThat(frameOnLedger.get("qualityChecks")).singleElement().satisfies(check -> {
            assertThat(check.get("checkId").asString()).isEqualTo(events.get(3).eventId());
            assertThat(check.get("inspector").asString()).isEqualTo(press.robotId());
            assertThat(check.get("txId").asString()).isEqualTo(events.get(3).transactionId());
            assertThat(check.at("/measurements/length.mm").asDouble()).isEqualTo(120.02);
        });
        for (String part : List.of(plate, bolt)) {
            JsonNode consumed = good(part);
            assertThat(consumed.get("status").asString()).as(part).isEqualTo("CONSUMED");
            assertThat(consumed.get("parentId").asString()).as(part).isEqualTo(frame);
        }
        assertThat(good(plate).at("/production/recordedInTxId").asString())
                .isEqualTo(events.get(0).transactionId());
        assertThat(gateway.counter("gateway.production.events.committed")).isEqualTo(4);
        assertThat(failures()).isZero();
    }

    /** Five events of the press, the second and fourth of which the contract refuses. */
    List<JournaledEvent> refusedAmongCommitted() {
        String ghost = press.robotId() + "-ghost";
        String secondFrame = press.robotId() + "-frame-2";
        Envelope plateMade = press.event(MessageType.COMPONENT_PRODUCED, component(plate, "plate"));
        Envelope ofAGhost = press.event(MessageType.ASSEMBLED, assembly(press.robotId() + "-phantom", ghost));
        Envelope frameAssembled = press.event(MessageType.ASSEMBLED, assembly(frame, plate));
        Envelope plateAgain = press.event(MessageType.ASSEMBLED, assembly(secondFrame, plate));
        Envelope boltMade = press.event(MessageType.COMPONENT_PRODUCED, component(bolt, "bolt"));
        publish(press, plateMade, ofAGhost, frameAssembled, plateAgain, boltMade);

        List<JournaledEvent> events = awaitDecided(5);
        assertThat(events)
                .extracting(JournaledEvent::state)
                .containsExactly("COMMITTED", "REFUSED", "COMMITTED", "REFUSED", "COMMITTED");
        assertThat(events.get(1).errorMessage()).contains("good " + ghost + " does not exist");
        assertThat(events.get(3).errorMessage())
                .contains("cannot consume good " + plate + ": it is CONSUMED into " + frame);
        return events;
    }

    @Test
    void aChaincodeRefusalIsRecordedWithTheContractsCodeAndLaterEventsGoOn() throws Exception {
        List<JournaledEvent> events = refusedAmongCommitted();
        whatThePeerReceivedForRefusals();

        assertThat(List.of(events.get(1), events.get(3))).allSatisfy(refused -> {
            assertThat(refused.refusedBy()).isEqualTo("LEDGER");
            assertThat(refused.transactionId()).isNull();
            assertThat(eventIdsOnLedger()).doesNotContain(refused.eventId());
        });
        assertThat(events.get(1).errorCode()).isEqualTo(ErrorCode.GOOD_NOT_FOUND.name());
        assertThat(events.get(3).errorCode()).isEqualTo(ErrorCode.PART_ALREADY_CONSUMED.name());
        assertThat(ledger.transactionsFrom(startHeight, ASSEMBLE_PRODUCT))
                .as("only the frame's assembly")
                .singleElement()
                .extracting(LedgerTransaction::transactionId)
                .isEqualTo(events.get(2).transactionId());
        assertThat(good(bolt).at("/production/recordedInTxId").asString())
                .isEqualTo(events.get(4).transactionId());
        assertThat(good(plate).get("parentId").asString()).isEqualTo(frame);
        assertThat(gateway.counter(
                        "gateway.production.events.refused", "by", "LEDGER", "code", ErrorCode.GOOD_NOT_FOUND.name()))
                .isEqualTo(1);
        assertThat(gateway.counter(
                        "gateway.production.events.refused",
                        "by",
                        "LEDGER",
                        "code",
                        ErrorCode.PART_ALREADY_CONSUMED.name()))
                .isEqualTo(1);
        assertThat(failures()).as("a refusal is not a failure to retry").isZero();
    }

    @Test
    void whileThePeerIsStoppedEventsStayPendingAndNoneIsRefusedThenTheyCatchUpInJournalOrder() throws Exception {
        publish(press, press.event(MessageType.COMPONENT_PRODUCED, component(plate, "plate")));
        awaitDecided(1);

        ledger.stopPeer();
        publish(
                welder,
                welder.event(MessageType.COMPONENT_PRODUCED, component(bolt, "bolt")),
                welder.event(MessageType.ASSEMBLED, assembly(frame, plate, bolt)));
        publish(press, press.event(MessageType.QUALITY_CHECK, check(frame)));
        awaitJournaled(4);
        Await.until(
                "the submitter to retry the unreachable peer",
                TIMEOUT,
                () -> gateway.counter("gateway.production.submission.failures", "reason", "LEDGER_UNREACHABLE") >= 2);

        assertThat(journaled())
                .extracting(JournaledEvent::state)
                .containsExactly("COMMITTED", "PENDING", "PENDING", "PENDING");
        assertThat(productionTransactions())
                .as("nothing reached the ledger while the peer was stopped")
                .hasSize(1);

        ledger.startPeer();
        List<JournaledEvent> events = awaitDecided(4);

        assertThat(events).extracting(JournaledEvent::state).containsOnly("COMMITTED");
        assertThat(productionTransactions())
                .extracting(LedgerTransaction::transactionId)
                .as("in journal order, once each")
                .containsExactlyElementsOf(
                        events.stream().map(JournaledEvent::transactionId).toList());
        assertThat(good(frame).get("qualityChecks")).hasSize(1);
    }

    @Test
    void whileTheChaincodeIsDownOnARunningPeerEventsStayPendingNotRefusedThenCommitInOrder() throws Exception {
        ledger.stopChaincode();
        publish(
                press,
                press.event(MessageType.COMPONENT_PRODUCED, component(plate, "plate")),
                press.event(MessageType.ASSEMBLED, assembly(frame, plate)));
        awaitJournaled(2);
        Await.until(
                "the submitter to retry the unavailable chaincode",
                TIMEOUT,
                () -> gateway.counter("gateway.production.submission.failures", "reason", "CHAINCODE_UNAVAILABLE")
                        >= 2);

        assertThat(journaled()).extracting(JournaledEvent::state).containsExactly("PENDING", "PENDING");
        assertThat(productionTransactions()).isEmpty();
        whileTheChaincodeWasDown();

        ledger.startChaincode();
        List<JournaledEvent> events = awaitDecided(2);

        assertThat(events).extracting(JournaledEvent::state).containsOnly("COMMITTED");
        assertThat(productionTransactions())
                .extracting(LedgerTransaction::transactionId)
                .containsExactlyElementsOf(
                        events.stream().map(JournaledEvent::transactionId).toList());
        assertThat(good(plate).get("parentId").asString()).isEqualTo(frame);
    }
}
