package dev.robotledger.gateway.telemetry.web;

import com.fasterxml.jackson.databind.JsonNode;
import dev.robotledger.gateway.telemetry.ReadingInclusionProofs;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

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
        return Mono.fromCallable(() -> (JsonNode) proofs.forReading(robotId, readingSeq).toJson())
                .subscribeOn(Schedulers.boundedElastic());
    }
}
