package dev.robotledger.gateway.custody.web;

import dev.robotledger.gateway.custody.CustodyLedger;
import dev.robotledger.gateway.ledger.LedgerUnreachableException;
import dev.robotledger.gateway.provenance.ProvenanceReadModel;
import dev.robotledger.gateway.web.ActionIds;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.parameters.RequestBody;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import java.util.concurrent.Callable;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import tools.jackson.databind.JsonNode;

/**
 * Custody transfers through this gateway's organisation: the custodian offers a good (a shipment),
 * the organisation it is offered to accepts or rejects it. The chaincode decides who may.
 */
@RestController
class CustodyApi {

    private static final String GOOD_WRITTEN = "{\"transactionId\": \"3f9c...\", \"blockNumber\": 214, \"good\":"
            + " {\"id\": \"robot-002-a41\", \"custodianOrg\": \"ManufacturerMSP\", \"status\": \"ACTIVE\","
            + " \"pendingTransfer\": {\"fromOrg\": \"ManufacturerMSP\", \"toOrg\": \"RetailerMSP\"},"
            + " \"custodyHistory\": [{\"action\": \"PRODUCED\", \"toOrg\": \"ManufacturerMSP\"},"
            + " {\"action\": \"PROPOSED\", \"fromOrg\": \"ManufacturerMSP\", \"toOrg\": \"RetailerMSP\"}]}}";

    private final ObjectProvider<CustodyLedger> ledger;
    // Looked up when an accept needs it: the read model opens the database, which a gateway that fails
    // its start for another setting should not reach first.
    private final ObjectProvider<ProvenanceReadModel> readModel;

    CustodyApi(ObjectProvider<CustodyLedger> ledger, ObjectProvider<ProvenanceReadModel> readModel) {
        this.ledger = ledger;
        this.readModel = readModel;
    }

    /** A transfer's request: the organisation it goes to, and the caller's id of this action. */
    @Schema(name = "TransferRequest")
    record TransferRequest(
            @Schema(description = "MSP id of the receiving organisation", example = "RetailerMSP")
            String toOrg,

            @Schema(
                    description = "the caller's id of this action, 1..128 characters; the same id again"
                            + " records nothing and answers the first result",
                    example = "ship-2026-12-07-0001")
            String eventId) {
        TransferRequest {
            ActionIds.require("toOrg", toOrg);
            ActionIds.require("eventId", eventId);
        }
    }

    /** A decision on a transfer offered to this organisation. */
    @Schema(name = "TransferDecision")
    record TransferDecision(
            @Schema(
                    description = "the caller's id of this action, 1..128 characters; the same id"
                            + " again records nothing and answers the first result",
                    example = "accept-robot-001-a2")
            String eventId) {
        TransferDecision {
            ActionIds.require("eventId", eventId);
        }
    }

    @ApiResponse(
            responseCode = "200",
            description = "the transaction, its block, and the good as the chaincode answered",
            content = @Content(examples = @ExampleObject(GOOD_WRITTEN)))
    @PostMapping("/api/goods/{goodId}/transfer")
    @Operation(
            summary = "Offer a good to another organisation (ship it)",
            description = "The contract's ProposeTransfer as this gateway's organisation, which must be the good's"
                    + " custodian (403 NOT_CUSTODIAN otherwise). The good stays with the custodian until the receiving"
                    + " organisation accepts it on its own gateway. 409 when a transfer is already pending or the good"
                    + " is not active.")
    Mono<JsonNode> propose(
            @PathVariable String goodId,
            @RequestBody(
                            content =
                                    @Content(
                                            examples =
                                                    @ExampleObject(
                                                            "{\"toOrg\": \"RetailerMSP\", \"eventId\": \"ship-2026-12-07-0001\"}")))
                    @org.springframework.web.bind.annotation.RequestBody
                    TransferRequest request) {
        return write(
                () -> body(ledger().proposeTransfer(request.eventId(), goodId, producedBy(goodId), request.toOrg())));
    }

    @ApiResponse(
            responseCode = "200",
            description = "the transaction, its block, and the good as the chaincode answered",
            content = @Content(examples = @ExampleObject(GOOD_WRITTEN)))
    @PostMapping("/api/goods/{goodId}/transfer/accept")
    @Operation(
            summary = "Accept a good offered to this organisation",
            description = "The contract's AcceptTransfer as this gateway's organisation, which must be the one the"
                    + " transfer is offered to (403 NOT_TRANSFER_RECIPIENT otherwise); endorsed by the sender's and this"
                    + " organisation's peers. The good's custodian becomes this organisation. 409 NO_PENDING_TRANSFER"
                    + " when nothing is offered, or when an active lien covers the good.")
    Mono<JsonNode> accept(
            @PathVariable String goodId,
            @RequestBody(content = @Content(examples = @ExampleObject("{\"eventId\": \"accept-robot-001-a2\"}")))
                    @org.springframework.web.bind.annotation.RequestBody
                    TransferDecision decision) {
        return write(() -> {
            JsonNode good = readModel.getObject().good(goodId).value();
            String sender = good.path("pendingTransfer")
                    .path("fromOrg")
                    .asString(good.path("custodianOrg").asString());
            return body(ledger().acceptTransfer(decision.eventId(), goodId, sender));
        });
    }

    @ApiResponse(
            responseCode = "200",
            description = "the transaction, its block, and the good as the chaincode answered",
            content = @Content(examples = @ExampleObject(GOOD_WRITTEN)))
    @PostMapping("/api/goods/{goodId}/transfer/reject")
    @Operation(
            summary = "Reject a good offered to this organisation",
            description = "The contract's RejectTransfer as this gateway's organisation, which must be the one the"
                    + " transfer is offered to; the good stays with its custodian.")
    Mono<JsonNode> reject(
            @PathVariable String goodId,
            @RequestBody(content = @Content(examples = @ExampleObject("{\"eventId\": \"reject-robot-001-a2\"}")))
                    @org.springframework.web.bind.annotation.RequestBody
                    TransferDecision decision) {
        return write(() -> body(ledger().rejectTransfer(decision.eventId(), goodId)));
    }

    /** The production that made the good: the contract checks it, so an offer never moves another good that reused the id. */
    private String producedBy(String goodId) {
        return readModel.getObject().productionEventId(goodId);
    }

    private static JsonNode body(CustodyLedger.Recorded recorded) {
        return tools.jackson.databind.node.JsonNodeFactory.instance
                .objectNode()
                .put("transactionId", recorded.transactionId())
                .put("blockNumber", recorded.blockNumber())
                .set("good", recorded.good());
    }

    private CustodyLedger ledger() {
        CustodyLedger custody = ledger.getIfAvailable();
        if (custody == null) {
            throw new LedgerUnreachableException("no peer is configured (gateway.ledger.peer-endpoint): custody"
                    + " transfers are written on the ledger");
        }
        return custody;
    }

    private static Mono<JsonNode> write(Callable<JsonNode> call) {
        return Mono.fromCallable(call).subscribeOn(Schedulers.boundedElastic());
    }
}
