package dev.robotledger.gateway.production;

import static dev.robotledger.gateway.testing.ProductionPayloads.assembly;
import static dev.robotledger.gateway.testing.ProductionPayloads.check;
import static dev.robotledger.gateway.testing.ProductionPayloads.component;
import static org.assertj.core.api.Assertions.assertThat;

import dev.robotledger.gateway.ledger.LedgerUnreachableException;
import dev.robotledger.gateway.testing.Await;
import dev.robotledger.gateway.testing.InProcessGateway;
import dev.robotledger.gateway.testing.JournalAndBroker;
import dev.robotledger.gateway.testing.Publisher;
import dev.robotledger.gateway.testing.TestRobot;
import dev.robotledger.wire.message.Envelope;
import dev.robotledger.wire.message.MessageType;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Robots publish production events through a real Mosquitto into a real PostgreSQL journal; the
 * gateway hands them to the ledger port in causal order (an assembly after its parts, a check after
 * its good), once each, across restarts. The port is a test double at the ledger edge (no Fabric network can run here) that keeps the chaincode's
 * idempotency: a known event id is answered with its first receipt and recorded nothing for.
 */
class ProductionEventsIT {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final String[] FAST_RETRIES = {
        "gateway.production.poll-interval=100ms",
        "gateway.production.submit-retry-initial=100ms",
        "gateway.production.submit-retry-max=400ms"
    };

    @RegisterExtension
    static final JournalAndBroker INFRA = new JournalAndBroker();

    /** Records each event id once, like the chaincode; can lose one answer after recording, like a dying gateway. */
    static final class RecordingLedger implements ProductionLedger {
        final List<String> calls = new ArrayList<>();
        final Map<String, ProductionReceipt> entries = new HashMap<>();
        final Set<String> loseAnswerOnce = new HashSet<>();

        @Override
        public synchronized ProductionReceipt record(ProductionEvent event) {
            calls.add(event.eventId());
            ProductionReceipt receipt = entries.computeIfAbsent(
                    event.eventId(), id -> new ProductionReceipt("double-tx-" + id, entries.size() + 1));
            if (loseAnswerOnce.remove(event.eventId())) {
                throw new LedgerUnreachableException(
                        "test double: the commit status of " + event.eventId() + " was lost",
                        receipt.transactionId(),
                        null);
            }
            return receipt;
        }

        synchronized List<String> calls() {
            return List.copyOf(calls);
        }

        synchronized Map<String, ProductionReceipt> entries() {
            return Map.copyOf(entries);
        }
    }

    private static long count(String sql) {
        return INFRA.db().count(sql);
    }

    /** The event ids of the journal's production events that the gateway can send, in journal order. */
    private static List<String> journalOrder() {
        return INFRA.db()
                .jdbc()
                .query("""
                SELECT e.robot_id, e.seq FROM envelopes e JOIN production_events p USING (envelope_id)
                WHERE p.refused_by IS DISTINCT FROM 'GATEWAY' ORDER BY e.envelope_id""", (row, index) -> ProductionEvent.eventId(row.getString("robot_id"), row.getLong("seq")));
    }

    @Test
    void robotsEventsReachTheLedgerInCausalOrderExactlyOnceAcrossRestartsAndRefusalsAreListed() {
        TestRobot press = new TestRobot("press-" + UUID.randomUUID().toString().substring(0, 8));
        TestRobot welder = new TestRobot("weld-" + UUID.randomUUID().toString().substring(0, 8));
        String clientId = "production-" + UUID.randomUUID();
        RecordingLedger ledger = new RecordingLedger();
        String box = press.robotId() + "-box";
        Envelope invalid;
        Envelope assembled;
        try (Publisher publisher = new Publisher(INFRA.broker().uri(), "robots-" + clientId)) {
            // 1. No peer configured: events are journaled and stay pending.
            try (InProcessGateway gateway =
                    InProcessGateway.start(INFRA.postgres(), INFRA.broker().uri(), clientId, FAST_RETRIES)) {
                gateway.register(press);
                gateway.register(welder);
                publisher.publish(
                        press,
                        press.event(MessageType.COMPONENT_PRODUCED, component(press.robotId() + "-g1", "bracket")));
                publisher.publish(
                        welder,
                        welder.event(MessageType.COMPONENT_PRODUCED, component(welder.robotId() + "-g1", "bracket")));
                invalid = press.event(
                        MessageType.COMPONENT_PRODUCED,
                        component(press.robotId() + "-g2", "bracket").put("station", "s"));
                publisher.publish(press, invalid);
                assembled = press.event(
                        MessageType.ASSEMBLED, assembly(box, press.robotId() + "-g1", welder.robotId() + "-g1"));
                publisher.publish(press, assembled);
                publisher.publish(press, press.event(MessageType.QUALITY_CHECK, check(box)));
                Await.until(
                        "5 production events pending",
                        TIMEOUT,
                        () -> count("SELECT count(*) FROM production_events WHERE state = 'PENDING'") == 5);
                gateway.web()
                        .get()
                        .uri("/api/ingestion/status")
                        .exchange()
                        .expectStatus()
                        .isOk()
                        .expectBody()
                        .jsonPath("$.productionEvents.pending")
                        .isEqualTo(5)
                        .jsonPath("$.productionEvents.committed")
                        .isEqualTo(0)
                        .jsonPath("$.productionEvents.refused")
                        .isEqualTo(0);
                Await.until(
                        "the pending gauge to say 5",
                        TIMEOUT,
                        () -> gateway.meters()
                                        .get("gateway.production.events.pending")
                                        .gauge()
                                        .value()
                                == 5.0);
            }
            // While the gateway is down the broker keeps what robots publish for its session.
            publisher.publish(
                    welder,
                    welder.event(MessageType.COMPONENT_PRODUCED, component(welder.robotId() + "-g2", "bracket")));

            // 2. With the ledger port: catch-up in causal order; the assembly's answer is lost once.
            ledger.loseAnswerOnce.add(ProductionEvent.eventId(press.robotId(), assembled.seq()));
            try (InProcessGateway gateway = InProcessGateway.start(
                    INFRA.postgres(), INFRA.broker().uri(), clientId, List.of(ledger), FAST_RETRIES)) {
                Await.until(
                        "every production event decided",
                        TIMEOUT,
                        () -> count("SELECT count(*) FROM production_events WHERE state <> 'PENDING'") == 6,
                        () -> INFRA.db().jdbc().queryForList("SELECT envelope_id, state FROM production_events"));

                List<String> order = journalOrder();
                assertThat(order).hasSize(5);
                assertThat(ledger.entries()).containsOnlyKeys(order);
                String assembledId = ProductionEvent.eventId(press.robotId(), assembled.seq());
                List<String> expectedCalls = new ArrayList<>(order);
                expectedCalls.add(assembledId);
                List<String> calls = ledger.calls();
                assertThat(calls)
                        .as("each once; the lost answer resent once")
                        .containsExactlyInAnyOrderElementsOf(expectedCalls);
                assertThat(calls.indexOf(assembledId))
                        .as("the assembly after both parts")
                        .isGreaterThan(calls.indexOf(ProductionEvent.eventId(press.robotId(), 1)))
                        .isGreaterThan(calls.indexOf(ProductionEvent.eventId(welder.robotId(), 1)));
                assertThat(calls.indexOf(ProductionEvent.eventId(press.robotId(), assembled.seq() + 1)))
                        .as("the box's check after its assembly committed")
                        .isGreaterThan(calls.lastIndexOf(assembledId));
                assertThat(INFRA.db().jdbc().queryForMap("""
                        SELECT p.transaction_id, p.block_number, p.event_id FROM production_events p
                        JOIN envelopes e USING (envelope_id) WHERE e.robot_id = ? AND e.seq = ?""", press.robotId(), assembled.seq()))
                        .containsEntry(
                                "transaction_id",
                                ledger.entries().get(assembledId).transactionId())
                        .containsEntry("event_id", assembledId);

                gateway.web()
                        .get()
                        .uri("/api/production-events?state=refused")
                        .exchange()
                        .expectStatus()
                        .isOk()
                        .expectBody()
                        .jsonPath("$.length()")
                        .isEqualTo(1)
                        .jsonPath("$[0].robotId")
                        .isEqualTo(press.robotId())
                        .jsonPath("$[0].seq")
                        .isEqualTo(invalid.seq())
                        .jsonPath("$[0].goodId")
                        .isEqualTo(press.robotId() + "-g2")
                        .jsonPath("$[0].state")
                        .isEqualTo("REFUSED")
                        .jsonPath("$[0].refusedBy")
                        .isEqualTo("GATEWAY")
                        .jsonPath("$[0].errorCode")
                        .isEqualTo("INVALID_ARGUMENT")
                        .jsonPath("$[0].errorMessage")
                        .value(message ->
                                assertThat((String) message).contains("station is not a field of this event"));
                gateway.web()
                        .get()
                        .uri("/api/production-events?state=COMMITTED&limit=1")
                        .exchange()
                        .expectStatus()
                        .isOk()
                        .expectBody()
                        .jsonPath("$.length()")
                        .isEqualTo(1)
                        .jsonPath("$[0].robotId")
                        .isEqualTo(welder.robotId())
                        .jsonPath("$[0].goodId")
                        .isEqualTo(welder.robotId() + "-g2")
                        .jsonPath("$[0].transactionId")
                        .isEqualTo("double-tx-" + ProductionEvent.eventId(welder.robotId(), 2));
                gateway.web()
                        .get()
                        .uri("/api/production-events?state=lost")
                        .exchange()
                        .expectStatus()
                        .isBadRequest();
                gateway.web()
                        .get()
                        .uri("/api/ingestion/status")
                        .exchange()
                        .expectStatus()
                        .isOk()
                        .expectBody()
                        .jsonPath("$.productionEvents.pending")
                        .isEqualTo(0)
                        .jsonPath("$.productionEvents.committed")
                        .isEqualTo(5)
                        .jsonPath("$.productionEvents.refused")
                        .isEqualTo(1);
                assertThat(gateway.counter("gateway.production.events.committed"))
                        .isEqualTo(5);
                assertThat(gateway.counter(
                                "gateway.production.events.refused", "by", "GATEWAY", "code", "INVALID_ARGUMENT"))
                        .isEqualTo(1);
                assertThat(gateway.counter("gateway.production.submission.failures", "reason", "LEDGER_UNREACHABLE"))
                        .isEqualTo(1);
            }

            // 3. Restarted again: nothing decided is sent again, a new event is.
            int callsBefore = ledger.calls().size();
            try (InProcessGateway gateway = InProcessGateway.start(
                    INFRA.postgres(), INFRA.broker().uri(), clientId, List.of(ledger), FAST_RETRIES)) {
                Envelope late = press.event(MessageType.QUALITY_CHECK, check(press.robotId() + "-g1"));
                publisher.publish(press, late);
                Await.until(
                        "the late event committed",
                        TIMEOUT,
                        () -> count("SELECT count(*) FROM production_events WHERE state = 'COMMITTED'") == 6);
                assertThat(ledger.calls().subList(callsBefore, ledger.calls().size()))
                        .containsExactly(ProductionEvent.eventId(press.robotId(), late.seq()));
            }
        }
    }
}
