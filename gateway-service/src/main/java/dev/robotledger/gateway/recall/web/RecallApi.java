package dev.robotledger.gateway.recall.web;

import dev.robotledger.gateway.ledger.LedgerUnreachableException;
import dev.robotledger.gateway.recall.RecallLedger;
import dev.robotledger.gateway.web.ActionIds;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.parameters.RequestBody;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;

/** Raising a recall of a good this gateway's organisation produced. */
@RestController
class RecallApi {

    static final int MAX_REASON = 500;

    private final ObjectProvider<RecallLedger> ledger;

    RecallApi(ObjectProvider<RecallLedger> ledger) {
        this.ledger = ledger;
    }

    /** Why the good is recalled, and the caller's id of this recall. */
    @Schema(name = "RecallRequest")
    record RecallRequest(
            @Schema(description = "why, in 1.." + MAX_REASON + " characters", example = "cracked weld seam")
            String reason,

            @Schema(
                    description = "the caller's id of this recall, 1..128 characters; the same id again"
                            + " records nothing and answers the first result",
                    example = "recall-2026-12-07-01")
            String eventId) {
        RecallRequest {
            if (reason == null || reason.isBlank() || reason.length() > MAX_REASON) {
                throw new IllegalArgumentException("reason must be 1.." + MAX_REASON + " characters");
            }
            ActionIds.require("eventId", eventId);
        }
    }

    @ApiResponse(
            responseCode = "200",
            description = "the transaction, its block and the recall",
            content =
                    @Content(
                            examples =
                                    @ExampleObject(
                                            "{\"transactionId\": \"a1b2...\", \"blockNumber\": 230,"
                                                    + " \"recall\": {\"recallId\": \"recall-2026-12-07-01\", \"goodId\": \"robot-002-g39\","
                                                    + " \"reason\": \"cracked weld seam\", \"byOrg\": \"ManufacturerMSP\","
                                                    + " \"recalledGoodIds\": [\"robot-002-g39\"], \"downstreamGoodIds\": [\"robot-002-a41\"]}}")))
    @PostMapping("/api/goods/{goodId}/recall")
    @Operation(
            summary = "Recall a good and every product it is in",
            description = "The contract's RecallGood as this gateway's organisation, which must have produced the good"
                    + " (403 NOT_PRODUCER or FORBIDDEN_ORG otherwise): the good and every product above it are marked"
                    + " RECALLED. The answer is the recall: its id, reason, the goods named and those above them.")
    Mono<JsonNode> recall(
            @PathVariable String goodId,
            @RequestBody(
                            content =
                                    @Content(
                                            examples =
                                                    @ExampleObject(
                                                            "{\"reason\": \"cracked weld seam\", \"eventId\": \"recall-2026-12-07-01\"}")))
                    @org.springframework.web.bind.annotation.RequestBody
                    RecallRequest request) {
        return Mono.fromCallable(() -> {
                    RecallLedger recalls = ledger.getIfAvailable();
                    if (recalls == null) {
                        throw new LedgerUnreachableException(
                                "no peer is configured (gateway.ledger.peer-endpoint): recalls are"
                                        + " written on the ledger");
                    }
                    RecallLedger.Recorded recorded = recalls.recallGood(request.eventId(), goodId, request.reason());
                    JsonNode answer = JsonNodeFactory.instance
                            .objectNode()
                            .put("transactionId", recorded.transactionId())
                            .put("blockNumber", recorded.blockNumber())
                            .set("recall", recorded.result());
                    return answer;
                })
                .subscribeOn(Schedulers.boundedElastic());
    }
}
