package dev.robotledger.gateway.production.web;

import dev.robotledger.gateway.production.ProductionEventRecord;
import dev.robotledger.gateway.production.ProductionEventState;
import dev.robotledger.gateway.production.ProductionEvents;
import dev.robotledger.gateway.production.ProductionWait;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * The operator's view of production events on their way to the ledger, e.g.
 * {@code GET /api/production-events?state=REFUSED} for the refused ones with who refused them,
 * the code and the message; a pending event held for the anchor of the telemetry window it names
 * says so in {@code pendingReason}. JDBC blocks, so the query runs on the bounded-elastic scheduler.
 */
@RestController
class ProductionEventsApi {

    private static final int MAX_EVENTS = 1_000;

    private final ProductionEvents events;
    private final ProductionWait wait;

    ProductionEventsApi(ProductionEvents events, ProductionWait wait) {
        this.events = events;
        this.wait = wait;
    }

    /** Newest first; {@code state} PENDING, COMMITTED or REFUSED (any case), all when absent. */
    @GetMapping("/api/production-events")
    Mono<List<ProductionEventRecord>> list(
            @RequestParam(required = false) String state, @RequestParam(defaultValue = "100") int limit) {
        if (limit < 1 || limit > MAX_EVENTS) {
            throw new IllegalArgumentException("limit must be 1.." + MAX_EVENTS + ", was " + limit);
        }
        ProductionEventState wanted = state == null ? null : state(state);
        return Mono.fromCallable(() -> withReasons(events.list(wanted, limit)))
                .subscribeOn(Schedulers.boundedElastic());
    }

    private List<ProductionEventRecord> withReasons(List<ProductionEventRecord> records) {
        return records.stream()
                .map(record -> record.state() != ProductionEventState.PENDING
                        ? record
                        : wait.of(record.envelopeId())
                                .map(waiting -> record.withPendingReason(waiting.reason()))
                                .orElse(record))
                .toList();
    }

    private static ProductionEventState state(String state) {
        return Arrays.stream(ProductionEventState.values())
                .filter(candidate -> candidate.name().equals(state.toUpperCase(Locale.ROOT)))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("state must be one of "
                        + Arrays.toString(ProductionEventState.values()) + ", was '" + state + "'"));
    }
}
