package dev.robotledger.gateway.telemetry.web;

import dev.robotledger.gateway.json.Json;
import dev.robotledger.gateway.telemetry.ReadingInclusionProofs;
import dev.robotledger.wire.proof.ProofVerification;
import dev.robotledger.wire.proof.ReadingInclusionProof;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Inclusion proofs of single readings, in wire's {@code ReadingInclusionProof} JSON form, for
 * anyone to check offline with the robot's public key ({@code dev.robotledger.wire.proof.VerifyProof}).
 */
@RestController
class ReadingProofApi {

    private final ReadingInclusionProofs proofs;

    ReadingProofApi(ReadingInclusionProofs proofs) {
        this.proofs = proofs;
    }

    @GetMapping("/api/readings/{robotId}/{readingSeq}/proof")
    Mono<JsonNode> proof(@PathVariable String robotId, @PathVariable long readingSeq) {
        return Mono.fromCallable(() ->
                        Json.fromWire(proofs.forReading(robotId, readingSeq).toJson()))
                .subscribeOn(Schedulers.boundedElastic());
    }

    @GetMapping(
            value = "/api/readings/{robotId}/{readingSeq}/verification",
            produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(
            summary = "One reading's inclusion proof, checked",
            description = "Checks the reading's inclusion proof (GET .../proof) with the robot's registered key, as"
                    + " VerifyProof does offline: the robot's signature of its window, the reading's path to the window's"
                    + " root, the window's path to the anchor batch's root, and the ledger anchor (ABSENT until the batch"
                    + " is on the ledger). valid is true when every cryptographic check passed. 404 for an unknown robot"
                    + " or reading, 409 while the reading is not yet in a batch.")
    @ApiResponse(
            responseCode = "200",
            description = "the reading and each check's outcome",
            content = @Content(mediaType = MediaType.APPLICATION_JSON_VALUE, examples = @ExampleObject("""
                    {"robotId": "robot-001", "readingSeq": 42, "valid": true, "anchored": true,
                     "reading": {"readingSeq": 42, "timestamp": 1765094399000, "sensors": {"temperature.c": 41.2}},
                     "checks": [{"step": "WINDOW_SIGNATURE", "label": "window signature", "outcome": "PASSED",
                                 "detail": "the key signed window robot-001/5 (readings 40..49, root 3f9a...)"}]}""")))
    Mono<JsonNode> verification(@PathVariable String robotId, @PathVariable long readingSeq) {
        return Mono.fromCallable(() -> {
                    ReadingInclusionProof proof = proofs.forReading(robotId, readingSeq);
                    ProofVerification result = proofs.verify(proof);
                    ObjectNode answer = JsonNodeFactory.instance
                            .objectNode()
                            .put("robotId", robotId)
                            .put("readingSeq", readingSeq)
                            .put("valid", result.cryptographicallyValid())
                            .put("anchored", result.anchorPresent());
                    answer.set("reading", Json.fromWire(proof.reading().toJson()));
                    ArrayNode checks = answer.putArray("checks");
                    result.checks()
                            .forEach(check -> checks.addObject()
                                    .put("step", check.step().name())
                                    .put("label", check.step().label())
                                    .put("outcome", check.outcome().name())
                                    .put("detail", check.detail()));
                    return (JsonNode) answer;
                })
                .subscribeOn(Schedulers.boundedElastic());
    }
}
