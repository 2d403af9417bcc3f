package dev.robotledger.gateway.journal.web;

import dev.robotledger.gateway.ingestion.RejectionReason;
import dev.robotledger.gateway.journal.DeadLetter;
import dev.robotledger.gateway.journal.IngestionStatus;
import dev.robotledger.gateway.journal.JournalReader;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * The operator's view of the journal: dead letters and the ingestion status. JDBC blocks, so
 * every call runs on the bounded-elastic scheduler, never on the event loop.
 */
@RestController
@RequestMapping("/api")
class JournalApi {

    private static final int MAX_DEAD_LETTERS = 1_000;

    private final JournalReader journal;

    JournalApi(JournalReader journal) {
        this.journal = journal;
    }

    @GetMapping("/dead-letters")
    Mono<List<DeadLetter>> deadLetters(
            @RequestParam(required = false) String reason, @RequestParam(defaultValue = "100") int limit) {
        if (limit < 1 || limit > MAX_DEAD_LETTERS) {
            throw new IllegalArgumentException("limit must be 1.." + MAX_DEAD_LETTERS + ", was " + limit);
        }
        String reasonName = reason == null ? null : rejectionReason(reason).name();
        return Mono.fromCallable(() -> journal.deadLetters(reasonName, limit)).subscribeOn(Schedulers.boundedElastic());
    }

    @GetMapping("/ingestion/status")
    Mono<IngestionStatus> status() {
        return Mono.fromCallable(journal::status).subscribeOn(Schedulers.boundedElastic());
    }

    private static RejectionReason rejectionReason(String reason) {
        return Arrays.stream(RejectionReason.values())
                .filter(candidate -> candidate.name().equals(reason.toUpperCase(Locale.ROOT)))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("reason must be one of "
                        + Arrays.toString(RejectionReason.values()) + ", was '" + reason + "'"));
    }
}
