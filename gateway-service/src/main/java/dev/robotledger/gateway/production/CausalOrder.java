package dev.robotledger.gateway.production;

import dev.robotledger.gateway.production.ContractRequest.AssemblyReport;
import dev.robotledger.gateway.production.ContractRequest.ProductionReport;
import dev.robotledger.gateway.production.ContractRequest.QualityCheckReport;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * Which pending production events may go to the ledger now, found from the events themselves: an
 * event waits only for the earlier pending events it depends on, never for the rest of the journal.
 *
 * <ul>
 *   <li><b>Made before used</b>: a quality check waits for its good's production, an assembly for
 *       its parts' productions (the latest earlier production of that good id in journal order).
 *       When that production was refused, the event is refused too ({@link Decision.Refuse}): sent,
 *       it would name a good that is not on the ledger, or an older good that reused the id.</li>
 *   <li><b>One good, one order</b>: an event also waits for any earlier pending event that produces,
 *       checks or consumes one of its goods, so two writes of one good never race (a read conflict
 *       at best, the journal's order turned round at worst). A refusal of such an event is no
 *       reason to refuse the later one.</li>
 * </ul>
 * A production already committed, or never journaled, is nothing to wait for: the chaincode
 * checks that the good exists. A production naming its telemetry window also waits for that
 * window's anchor; that is the submitter's look-up, and while it waits, so do its dependents.
 */
final class CausalOrder {

    /** What happens to a pending event now. */
    sealed interface Decision {
        /** Nothing it depends on is pending. */
        record Ready() implements Decision {}

        /** Earlier pending events it depends on, by event id. */
        record Waits(List<String> eventIds) implements Decision {}

        /** The production of a good it names was refused: {@code refusedEventId}. */
        record Refuse(String refusedEventId) implements Decision {}
    }

    /** A decided production of a good, from the journal: refused, or committed. */
    record DecidedProduction(long envelopeId, String eventId, boolean refused) {}

    /** Looks up the decided productions of good ids (the journal's). */
    @FunctionalInterface
    interface DecidedProductions {
        Map<String, List<DecidedProduction>> of(Set<String> goodIds);
    }

    private CausalOrder() {}

    /**
     * The decision for each pending event, in journal order.
     *
     * @param pending  pending events, oldest first (the journal's order)
     * @param decided  refused productions, and committed ones of the same goods, the window does not hold
     */
    static Map<ProductionEvent, Decision> decide(List<ProductionEvent> pending, DecidedProductions decided) {
        Set<String> named = new LinkedHashSet<>();
        pending.forEach(event -> named.addAll(namedGoods(event.request())));
        Map<String, NavigableMap<Long, DecidedProduction>> history = new HashMap<>();
        decided.of(named).forEach((goodId, productions) -> {
            NavigableMap<Long, DecidedProduction> byEnvelope = new TreeMap<>();
            productions.forEach(production -> byEnvelope.put(production.envelopeId(), production));
            history.put(goodId, byEnvelope);
        });

        Map<String, ProductionEvent> pendingProducer = new HashMap<>();
        Map<String, ProductionEvent> lastToucher = new HashMap<>();
        Map<ProductionEvent, Decision> decisions = new LinkedHashMap<>();
        for (ProductionEvent event : pending) {
            Set<String> waitsFor = new LinkedHashSet<>();
            String refusedProducer = null;
            for (String good : namedGoods(event.request())) {
                ProductionEvent producer = pendingProducer.get(good);
                DecidedProduction before = latestBefore(history.get(good), event.envelopeId());
                if (before != null && (producer == null || before.envelopeId() > producer.envelopeId())) {
                    if (before.refused() && refusedProducer == null) {
                        refusedProducer = before.eventId();
                    }
                } else if (producer != null) {
                    waitsFor.add(producer.eventId());
                }
            }
            for (String good : touchedGoods(event.request())) {
                ProductionEvent earlier = lastToucher.put(good, event);
                if (earlier != null) {
                    waitsFor.add(earlier.eventId());
                }
            }
            producedGood(event.request()).ifPresent(good -> pendingProducer.put(good, event));
            decisions.put(
                    event,
                    refusedProducer != null
                            ? new Decision.Refuse(refusedProducer)
                            : waitsFor.isEmpty() ? new Decision.Ready() : new Decision.Waits(List.copyOf(waitsFor)));
        }
        return decisions;
    }

    private static DecidedProduction latestBefore(NavigableMap<Long, DecidedProduction> productions, long envelopeId) {
        if (productions == null) {
            return null;
        }
        Map.Entry<Long, DecidedProduction> entry = productions.lowerEntry(envelopeId);
        return entry == null ? null : entry.getValue();
    }

    // The good ids an event's request names, read through these accessors only.

    /** The good the event makes: a component's, or an assembly's product. */
    static Optional<String> producedGood(ContractRequest request) {
        if (request instanceof ProductionReport product) {
            return Optional.of(product.goodId());
        }
        if (request instanceof AssemblyReport assembly) {
            return Optional.of(assembly.product().goodId());
        }
        return Optional.empty();
    }

    /** The goods the event needs made before it: an assembly's parts, the good a check is of. */
    static List<String> namedGoods(ContractRequest request) {
        if (request instanceof AssemblyReport assembly) {
            return assembly.partIds();
        }
        if (request instanceof QualityCheckReport check) {
            return List.of(check.goodId());
        }
        return List.of();
    }

    private static Collection<String> touchedGoods(ContractRequest request) {
        List<String> goods = new ArrayList<>(namedGoods(request));
        producedGood(request).ifPresent(goods::add);
        return goods;
    }
}
