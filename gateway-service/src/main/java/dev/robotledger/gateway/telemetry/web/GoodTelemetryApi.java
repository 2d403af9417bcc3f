package dev.robotledger.gateway.telemetry.web;

import dev.robotledger.gateway.telemetry.GoodTelemetry;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import java.time.Duration;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import tools.jackson.databind.JsonNode;

/** A good's robot's readings around its production, each with the proof that ties it to the ledger. */
@RestController
class GoodTelemetryApi {

    private final GoodTelemetry telemetry;

    GoodTelemetryApi(GoodTelemetry telemetry) {
        this.telemetry = telemetry;
    }

    @GetMapping(value = "/api/goods/{goodId}/telemetry", produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(
            summary = "The robot's readings while a good was made",
            description = "The readings the good's robot measured within spanSeconds (1..600, default 60) before and"
                    + " after its production time, from the signed telemetry windows in the journal, oldest first"
                    + " (at most 2000: truncated says when cut); each with its window, the anchor batch it went into,"
                    + " whether that batch is anchored on the ledger, and the path of its inclusion proof. Beside them the"
                    + " production's process parameters, energy and telemetry anchor from the read model. 404 for a good"
                    + " the read model does not hold.")
    @ApiResponse(
            responseCode = "200",
            description = "the readings and the production's parameters",
            content = @Content(mediaType = MediaType.APPLICATION_JSON_VALUE, examples = @ExampleObject("""
                    {"goodId": "robot-001-a2", "robotId": "robot-001", "producedAt": "2026-12-07T08:00:00Z",
                     "from": "2026-12-07T07:59:00Z", "to": "2026-12-07T08:01:00Z", "ledgerHeight": 412,
                     "processParameters": {"weld.current.a": 120.5}, "energyWh": 3.2,
                     "telemetryAnchor": {"batchId": "17", "merkleRoot": "3f9a..."},
                     "readings": [{"readingSeq": 4210, "timestamp": 1765094399000, "energyWh": 0.4, "windowSeq": 421,
                                   "sensors": {"temperature.c": 41.2}, "batchId": 17, "anchored": true,
                                   "proof": "/api/readings/robot-001/4210/proof"}],
                     "truncated": false}""")))
    Mono<JsonNode> telemetry(
            @PathVariable String goodId,
            @Parameter(description = "seconds before and after the production time, 1..600")
                    @RequestParam(defaultValue = "60")
                    long spanSeconds) {
        return Mono.fromCallable(() -> telemetry.around(goodId, Duration.ofSeconds(spanSeconds)))
                .subscribeOn(Schedulers.boundedElastic());
    }
}
