package dev.robotledger.gateway.production;

import static org.assertj.core.api.Assertions.assertThat;

import dev.robotledger.gateway.production.CausalOrder.DecidedProduction;
import dev.robotledger.gateway.production.CausalOrder.Decision;
import dev.robotledger.gateway.production.ContractRequest.AssemblyReport;
import dev.robotledger.gateway.production.ContractRequest.PartReference;
import dev.robotledger.gateway.production.ContractRequest.ProductionReport;
import dev.robotledger.gateway.production.ContractRequest.QualityCheckReport;
import dev.robotledger.wire.message.MessageType;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** What a pending event waits for, found from the events themselves. */
class CausalOrderTest {

    private final List<Set<String>> lookedUp = new ArrayList<>();

    private static ProductionEvent produced(long envelopeId, String goodId) {
        return new ProductionEvent(
                envelopeId,
                "r",
                envelopeId,
                MessageType.COMPONENT_PRODUCED,
                ProductionEvent.eventId("r", envelopeId),
                product(goodId));
    }

    private static ProductionReport product(String goodId) {
        return new ProductionReport(goodId, "bracket", "r", 1L, "1", Map.of(), 1.0);
    }

    private static ProductionEvent assembled(long envelopeId, String goodId, String... parts) {
        return new ProductionEvent(
                envelopeId,
                "r",
                envelopeId,
                MessageType.ASSEMBLED,
                ProductionEvent.eventId("r", envelopeId),
                new AssemblyReport(
                        product(goodId),
                        Arrays.stream(parts)
                                .map(part -> new PartReference(part, producedBy(part)))
                                .toList()));
    }

    private static ProductionEvent checked(long envelopeId, String goodId) {
        return new ProductionEvent(
                envelopeId,
                "r",
                envelopeId,
                MessageType.QUALITY_CHECK,
                ProductionEvent.eventId("r", envelopeId),
                new QualityCheckReport(goodId, producedBy(goodId), "r", "visual", "PASS", Map.of()));
    }

    // Causal order goes by good ids; that the named production made the good is the contract's check.
    private static String producedBy(String goodId) {
        return "production-of-" + goodId;
    }

    private List<Decision> decide(List<ProductionEvent> pending, Map<String, List<DecidedProduction>> decided) {
        return List.copyOf(CausalOrder.decide(pending, goods -> {
                    lookedUp.add(goods);
                    return decided;
                })
                .values());
    }

    @Test
    void independentEventsAreAllReady() {
        assertThat(decide(List.of(produced(1, "g1"), produced(2, "g2"), checked(3, "made-long-ago")), Map.of()))
                .containsOnly(new Decision.Ready());
    }

    @Test
    void aCheckWaitsForItsGoodsPendingProductionAndAnAssemblyForEachPendingPart() {
        List<Decision> decisions = decide(
                List.of(
                        produced(1, "g1"),
                        produced(2, "g2"),
                        checked(3, "g1"),
                        assembled(4, "box", "g1", "g2"),
                        checked(5, "box")),
                Map.of());

        assertThat(decisions.get(2)).isEqualTo(new Decision.Waits(List.of("production-r-1")));
        assertThat(decisions.get(3))
                .as("its parts' productions, and the check of a part before it")
                .isEqualTo(new Decision.Waits(List.of("production-r-1", "production-r-2", "production-r-3")));
        assertThat(decisions.get(4)).isEqualTo(new Decision.Waits(List.of("production-r-4")));
    }

    @Test
    void twoEventsOfOneGoodGoInJournalOrder() {
        List<Decision> decisions =
                decide(List.of(checked(1, "old"), checked(2, "old"), produced(3, "dup"), produced(4, "dup")), Map.of());

        assertThat(decisions.get(0)).isEqualTo(new Decision.Ready());
        assertThat(decisions.get(1)).isEqualTo(new Decision.Waits(List.of("production-r-1")));
        assertThat(decisions.get(3)).isEqualTo(new Decision.Waits(List.of("production-r-3")));
    }

    @Test
    void anEventNamingAGoodWhoseLatestProductionWasRefusedIsRefused() {
        List<Decision> decisions = decide(
                List.of(checked(10, "g1"), assembled(11, "box", "g2", "g1")),
                Map.of("g1", List.of(new DecidedProduction(5, "production-r-5", true))));

        assertThat(decisions)
                .containsExactly(new Decision.Refuse("production-r-5"), new Decision.Refuse("production-r-5"));
        assertThat(lookedUp).containsExactly(Set.of("g1", "g2"));
    }

    @Test
    void aProductionCommittedAfterTheRefusedOneOrPendingAfterItDecides() {
        List<Decision> decisions = decide(
                List.of(produced(7, "g1"), checked(8, "g1"), checked(9, "g2")),
                Map.of(
                        "g1",
                        List.of(new DecidedProduction(5, "production-r-5", true)),
                        "g2",
                        List.of(
                                new DecidedProduction(3, "production-r-3", true),
                                new DecidedProduction(6, "production-r-6", false))));

        assertThat(decisions.get(1))
                .as("the pending production of g1 is later than its refused one")
                .isEqualTo(new Decision.Waits(List.of("production-r-7")));
        assertThat(decisions.get(2)).as("g2 was made again, and that committed").isEqualTo(new Decision.Ready());
    }

    @Test
    void aRefusalLaterInTheJournalThanTheEventIsNoReasonToRefuseIt() {
        assertThat(decide(
                        List.of(checked(4, "g1")),
                        Map.of("g1", List.of(new DecidedProduction(9, "production-r-9", true)))))
                .containsExactly(new Decision.Ready());
    }
}
