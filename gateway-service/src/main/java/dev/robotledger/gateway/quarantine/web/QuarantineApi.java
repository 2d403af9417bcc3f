package dev.robotledger.gateway.quarantine.web;

import dev.robotledger.contract.Disposition;
import dev.robotledger.gateway.ledger.LedgerUnreachableException;
import dev.robotledger.gateway.provenance.ProvenanceReadModel;
import dev.robotledger.gateway.quarantine.QuarantineLedger;
import dev.robotledger.gateway.web.ActionIds;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.parameters.RequestBody;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import java.security.Principal;
import java.util.Arrays;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;

/**
 * The operator's disposition of a good a failed quality check quarantined: only this releases it
 * (or scraps it); a robot's later PASS does not. The operator's token holder name is recorded as
 * who decided.
 */
@RestController
class QuarantineApi {

    static final int MAX_REASON = 500;

    private final ObjectProvider<QuarantineLedger> ledger;
    private final ObjectProvider<ProvenanceReadModel> readModel;

    QuarantineApi(ObjectProvider<QuarantineLedger> ledger, ObjectProvider<ProvenanceReadModel> readModel) {
        this.ledger = ledger;
        this.readModel = readModel;
    }

    /** The decision, why, and the caller's id of this action. */
    @Schema(name = "DispositionRequest")
    record DispositionRequest(
            @Schema(
                    description = "RELEASE (the good is fit: ACTIVE again) or SCRAP (destroyed," + " final)",
                    allowableValues = {"RELEASE", "SCRAP"},
                    example = "RELEASE")
            String decision,

            @Schema(
                    description = "why, in 1.." + MAX_REASON + " characters",
                    example = "re-measured by hand: within tolerance")
            String reason,

            @Schema(
                    description = "the caller's id of this action, 1..128 characters; the same id"
                            + " again records nothing and answers the first result",
                    example = "release-robot-002-g15")
            String eventId) {
        DispositionRequest {
            if (decision == null
                    || Arrays.stream(Disposition.values())
                            .noneMatch(d -> d.name().equals(decision))) {
                throw new IllegalArgumentException(
                        "decision must be one of " + Arrays.toString(Disposition.values()) + ", was " + decision);
            }
            if (reason == null || reason.isBlank() || reason.length() > MAX_REASON) {
                throw new IllegalArgumentException("reason must be 1.." + MAX_REASON + " characters");
            }
            ActionIds.require("eventId", eventId);
        }
    }

    @ApiResponse(
            responseCode = "200",
            description = "the transaction, its block, and the good as the chaincode answered",
            content =
                    @Content(
                            examples = @ExampleObject("{\"transactionId\": \"7d1e...\", \"blockNumber\": 240,"
                                            + " \"good\": {\"id\": \"robot-002-g15\", \"status\": \"ACTIVE\", \"dispositions\":"
                                            + " [{\"dispositionId\": \"release-robot-002-g15\", \"decision\": \"RELEASE\", \"operator\":"
                                            + " \"alice\", \"reason\": \"re-measured by hand: within tolerance\", \"byOrg\":"
                                            + " \"ManufacturerMSP\"}]}}")))
    @PostMapping("/api/goods/{goodId}/disposition")
    @Operation(
            summary = "Release or scrap a quarantined good",
            description = "The contract's DisposeQuarantined as this gateway's organisation, which must hold the good"
                    + " (403 NOT_CUSTODIAN otherwise), recorded with the operator's name and the reason. RELEASE makes"
                    + " the good ACTIVE again (it takes checks, moves and assembles); SCRAP makes it SCRAPPED for good."
                    + " 409 GOOD_NOT_QUARANTINED when the good is not quarantined; 404 for an unknown good.")
    Mono<JsonNode> dispose(
            @PathVariable String goodId,
            @RequestBody(
                            content =
                                    @Content(
                                            examples =
                                                    @ExampleObject(
                                                            "{\"decision\": \"RELEASE\", \"reason\": \"re-measured by hand: within tolerance\","
                                                                    + " \"eventId\": \"release-robot-002-g15\"}")))
                    @org.springframework.web.bind.annotation.RequestBody
                    DispositionRequest request,
            Principal operator) {
        return Mono.fromCallable(() -> {
                    QuarantineLedger dispositions = ledger.getIfAvailable();
                    if (dispositions == null) {
                        throw new LedgerUnreachableException("no peer is configured (gateway.ledger.peer-endpoint):"
                                + " dispositions are written on the ledger");
                    }
                    String producedBy = readModel.getObject().productionEventId(goodId);
                    QuarantineLedger.Recorded recorded = dispositions.dispose(
                            request.eventId(),
                            goodId,
                            producedBy,
                            Disposition.valueOf(request.decision()),
                            operator.getName(),
                            request.reason());
                    JsonNode answer = JsonNodeFactory.instance
                            .objectNode()
                            .put("transactionId", recorded.transactionId())
                            .put("blockNumber", recorded.blockNumber())
                            .set("good", recorded.good());
                    return answer;
                })
                .subscribeOn(Schedulers.boundedElastic());
    }
}
