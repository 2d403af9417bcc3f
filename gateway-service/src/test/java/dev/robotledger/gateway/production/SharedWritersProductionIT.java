package dev.robotledger.gateway.production;

import static dev.robotledger.gateway.testing.ProductionPayloads.check;
import static dev.robotledger.gateway.testing.ProductionPayloads.component;
import static org.assertj.core.api.Assertions.assertThat;

import dev.robotledger.gateway.testing.Await;
import dev.robotledger.gateway.testing.InProcessGateway;
import dev.robotledger.gateway.testing.JournalAndBroker;
import dev.robotledger.gateway.testing.Publisher;
import dev.robotledger.gateway.testing.TestRobot;
import dev.robotledger.wire.message.Envelope;
import dev.robotledger.wire.message.MessageType;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Production events journaled by gateways sharing a subscription, so out of their robot's order. */
class SharedWritersProductionIT {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    @RegisterExtension
    static final JournalAndBroker INFRA = new JournalAndBroker();

    // Gateways in a shared group take a robot's messages out of order: a check journaled before its
    // good's production must not reach the ledger first (the chaincode would refuse it for good).
    @Test
    void withSharedWritersAnEventWaitsForALowerNumberOfItsRobotStillMissingFromTheJournal() {
        TestRobot press =
                new TestRobot("shared-press-" + UUID.randomUUID().toString().substring(0, 8));
        String clientId = "production-shared-" + UUID.randomUUID();
        ProductionEventsIT.RecordingLedger ledger = new ProductionEventsIT.RecordingLedger();
        String good = press.robotId() + "-g1";
        Envelope produced = press.event(MessageType.COMPONENT_PRODUCED, component(good, "bracket"));
        Envelope checked = press.event(MessageType.QUALITY_CHECK, check(good));
        try (Publisher publisher = new Publisher(INFRA.broker().uri(), "robots-" + clientId);
                InProcessGateway gateway = InProcessGateway.start(
                        INFRA.postgres(),
                        INFRA.broker().uri(),
                        clientId,
                        List.of(ledger),
                        "gateway.mqtt.shared-group=pair",
                        "gateway.production.poll-interval=100ms")) {
            gateway.register(press);
            publisher.publish(press, checked);
            ProductionWait wait = gateway.context().getBean(ProductionWait.class);
            Await.until(
                    "the check held for the production missing below it",
                    TIMEOUT,
                    () -> wait.all().values().stream()
                            .anyMatch(held -> held.reason()
                                    .equals("waits for " + press.robotId() + "/1, missing from the journal: it may"
                                            + " still come through another gateway")),
                    wait::all);
            assertThat(ledger.calls()).isEmpty();

            publisher.publish(press, produced);
            Await.until("both events committed", TIMEOUT, () -> ledger.calls().size() == 2, ledger::calls);
            assertThat(ledger.calls())
                    .containsExactly(
                            ProductionEvent.eventId(press.robotId(), produced.seq()),
                            ProductionEvent.eventId(press.robotId(), checked.seq()));
            assertThat(INFRA.db().count("SELECT count(*) FROM sequence_gaps WHERE robot_id = ?", press.robotId()))
                    .isZero();
        }
    }
}
