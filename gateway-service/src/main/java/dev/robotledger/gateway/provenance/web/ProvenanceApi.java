package dev.robotledger.gateway.provenance.web;

import dev.robotledger.gateway.certificate.CertificateIssuer;
import dev.robotledger.gateway.json.Json;
import dev.robotledger.gateway.ledger.LedgerUnreachableException;
import dev.robotledger.gateway.provenance.DeflatedJson;
import dev.robotledger.gateway.provenance.EpcisExporter;
import dev.robotledger.gateway.provenance.Gs1Identity;
import dev.robotledger.gateway.provenance.LedgerQueries;
import dev.robotledger.gateway.provenance.ProvenanceReadModel;
import dev.robotledger.gateway.readmodel.LedgerDocument;
import dev.robotledger.gateway.web.AcceptEncoding;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.Callable;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferFactory;
import org.springframework.core.io.buffer.DefaultDataBufferFactory;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * What retailers and lenders ask of a good. Answers come from the read model (fast, and each says
 * the ledger height it is current to); {@code source=ledger} evaluates the same query on the peer
 * instead. The lender's collateral report is always the chaincode's own, evaluated on the peer.
 */
@RestController
class ProvenanceApi {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final byte[] TREE_CLOSING = {'}'};
    private static final DataBufferFactory BUFFERS = DefaultDataBufferFactory.sharedInstance;

    private final ProvenanceReadModel readModel;
    private final ObjectProvider<LedgerQueries> peer;
    private final ObjectProvider<CertificateIssuer> certificates;
    private final EpcisExporter epcis = new EpcisExporter(ZoneOffset.UTC);
    private final Clock clock = Clock.systemUTC();

    ProvenanceApi(
            ProvenanceReadModel readModel,
            ObjectProvider<LedgerQueries> peer,
            ObjectProvider<CertificateIssuer> certificates) {
        this.readModel = readModel;
        this.peer = peer;
        this.certificates = certificates;
    }

    @GetMapping("/api/goods/{goodId}")
    Mono<JsonNode> good(@PathVariable String goodId) {
        return blocking(() -> {
            ProvenanceReadModel.Answer<JsonNode> answer = readModel.good(goodId);
            ObjectNode body = fromReadModel(answer.ledgerHeight());
            body.set("good", answer.value());
            Gs1Identity.of(answer.value()).ifPresent(identity -> body.set("gs1", Json.MAPPER.valueToTree(identity)));
            return body;
        });
    }

    /**
     * The tree from the read model, gzip-compressed when the client accepts gzip (a cached tree is
     * compressed once and kept with it); the ledger's answer is never compressed.
     */
    @GetMapping(value = "/api/goods/{goodId}/provenance", produces = MediaType.APPLICATION_JSON_VALUE)
    @ApiResponse(
            responseCode = "200",
            description = "the good's provenance tree and where it was read",
            content =
                    @Content(
                            mediaType = MediaType.APPLICATION_JSON_VALUE,
                            schema = @Schema(implementation = ProvenanceAnswer.class)))
    @ApiResponse(
            responseCode = "422",
            description = "the tree is larger than maxDepth or maxNodes allow",
            content =
                    @Content(
                            mediaType = MediaType.APPLICATION_PROBLEM_JSON_VALUE,
                            schema = @Schema(ref = "#/components/schemas/Problem")))
    Mono<ResponseEntity<Flux<DataBuffer>>> provenance(
            @PathVariable String goodId,
            @RequestParam(defaultValue = "" + ProvenanceReadModel.DEPTH_CAP) int maxDepth,
            @RequestParam(defaultValue = "" + ProvenanceReadModel.NODE_CAP) int maxNodes,
            @RequestParam(defaultValue = "read-model") String source,
            ServerHttpRequest request) {
        boolean gzip = AcceptEncoding.allowsGzip(request.getHeaders().getOrEmpty(HttpHeaders.ACCEPT_ENCODING));
        return Mono.fromCallable(() -> switch (source) {
                    case "read-model" -> {
                        // The tree is written as bytes, never as a JSON tree: it is large (about 1 KB per good).
                        ResponseEntity.BodyBuilder response =
                                ResponseEntity.ok().header(HttpHeaders.VARY, HttpHeaders.ACCEPT_ENCODING);
                        if (gzip) {
                            ProvenanceReadModel.Answer<DeflatedJson> answer =
                                    readModel.provenanceDeflated(goodId, maxDepth, maxNodes);
                            byte[] compressed = answer.value().gzip(treeOpening(answer.ledgerHeight()), TREE_CLOSING);
                            yield response.header(HttpHeaders.CONTENT_ENCODING, "gzip")
                                    .contentLength(compressed.length)
                                    .body(Flux.just(BUFFERS.wrap(compressed)));
                        }
                        // The (cached, shared) tree is written as it is, wrapped, never copied into a body of
                        // its own: each answer in flight would hold 1 MB more of the heap.
                        ProvenanceReadModel.Answer<byte[]> answer =
                                readModel.provenanceJson(goodId, maxDepth, maxNodes);
                        byte[] opening = treeOpening(answer.ledgerHeight());
                        yield response.contentLength(opening.length + answer.value().length + TREE_CLOSING.length)
                                .body(Flux.just(
                                        BUFFERS.wrap(opening),
                                        BUFFERS.wrap(answer.value()),
                                        BUFFERS.wrap(TREE_CLOSING)));
                    }
                    case "ledger" -> {
                        LedgerQueries.LedgerAnswer answer = peer().provenance(goodId, maxDepth, maxNodes);
                        yield ResponseEntity.ok()
                                .header(HttpHeaders.VARY, HttpHeaders.ACCEPT_ENCODING)
                                .body(Flux.just(BUFFERS.wrap(Json.MAPPER.writeValueAsBytes(
                                        fromPeer(answer.ledgerHeight()).set("provenance", answer.value())))));
                    }
                    default ->
                        throw new IllegalArgumentException("source must be read-model or ledger, was '" + source + "'");
                })
                .subscribeOn(Schedulers.boundedElastic());
    }

    /**
     * The provenance answer's shape, for the OpenAPI document: the method writes it as bytes.
     * {@code provenance} is the good, how it was made and checked, and the same for each of its
     * parts. No {@code @Schema} on it: in OpenAPI 3.0 that would redefine the shared JsonNode
     * schema, which other answers (arrays among them) use.
     */
    @Schema(name = "ProvenanceAnswer")
    record ProvenanceAnswer(
            @Schema(allowableValues = {"read-model", "ledger"})
            String source,

            long ledgerHeight,
            JsonNode provenance) {}

    private static byte[] treeOpening(long ledgerHeight) {
        return ("{\"source\":\"read-model\",\"ledgerHeight\":" + ledgerHeight + ",\"provenance\":")
                .getBytes(StandardCharsets.US_ASCII);
    }

    @GetMapping("/api/goods/{goodId}/history")
    Mono<JsonNode> history(@PathVariable String goodId) {
        return blocking(() -> {
            ProvenanceReadModel.Answer<List<LedgerDocument>> answer = readModel.history(goodId);
            ObjectNode body = fromReadModel(answer.ledgerHeight());
            ArrayNode versions = body.putArray("versions");
            for (LedgerDocument version : answer.value()) {
                versions.addObject()
                        .put("blockNumber", version.blockNumber())
                        .put("transactionId", version.transactionId())
                        .put("timestamp", version.transactionTime().toString())
                        .put("function", version.function())
                        .set("good", version.document());
            }
            return body;
        });
    }

    @GetMapping("/api/goods/{goodId}/where-used")
    Mono<JsonNode> whereUsed(@PathVariable String goodId) {
        return blocking(() -> {
            ProvenanceReadModel.Answer<List<String>> answer = readModel.whereUsed(goodId);
            ObjectNode body = fromReadModel(answer.ledgerHeight()).put("goodId", goodId);
            answer.value().forEach(body.putArray("productIds")::add);
            return body;
        });
    }

    /** The good's events as a GS1 EPCIS 2.0 JSON-LD document. */
    @GetMapping(
            value = "/api/goods/{goodId}/epcis",
            produces = {"application/ld+json", "application/json"})
    Mono<JsonNode> epcis(@PathVariable String goodId) {
        return blocking(() -> epcis.export(
                        readModel
                                .provenance(goodId, ProvenanceReadModel.DEPTH_CAP, ProvenanceReadModel.NODE_CAP)
                                .value(),
                        clock.instant())
                .toJsonNode());
    }

    /** The chaincode's collateral verification of the good's whole tree, evaluated on the peer. */
    @GetMapping("/api/goods/{goodId}/collateral-report")
    Mono<JsonNode> collateralReport(@PathVariable String goodId) {
        return blocking(() -> {
            LedgerQueries.LedgerAnswer answer = peer().collateralReport(goodId);
            return fromPeer(answer.ledgerHeight()).set("report", answer.value());
        });
    }

    /** The good's provenance certificate, signed by this organisation, for offline checks (wire's VerifyCertificate). */
    @GetMapping(value = "/api/goods/{goodId}/certificate", produces = MediaType.APPLICATION_JSON_VALUE)
    @ApiResponse(
            responseCode = "200",
            description = "the signed certificate, a JSON object (written as its bytes)",
            content = @Content(mediaType = MediaType.APPLICATION_JSON_VALUE, schema = @Schema(type = "object")))
    @ApiResponse(
            responseCode = "409",
            description = "something the certificate names cannot be certified from this gateway",
            content =
                    @Content(
                            mediaType = MediaType.APPLICATION_PROBLEM_JSON_VALUE,
                            schema = @Schema(ref = "#/components/schemas/Problem")))
    Mono<ResponseEntity<byte[]>> certificate(@PathVariable String goodId) {
        return Mono.fromCallable(() -> {
                    CertificateIssuer issuer = certificates.getIfAvailable();
                    if (issuer == null) {
                        throw new LedgerUnreachableException(
                                "no peer is configured (gateway.ledger.peer-endpoint), so there is"
                                        + " no organisation identity to sign a certificate with");
                    }
                    return ResponseEntity.ok()
                            .header(
                                    HttpHeaders.CONTENT_DISPOSITION,
                                    ContentDisposition.attachment()
                                            .filename("provenance-certificate-" + goodId + ".json")
                                            .build()
                                            .toString())
                            .body(issuer.issue(goodId).toJsonBytes());
                })
                .subscribeOn(Schedulers.boundedElastic());
    }

    private LedgerQueries peer() {
        LedgerQueries queries = peer.getIfAvailable();
        if (queries == null) {
            throw new LedgerUnreachableException(
                    "no peer is configured (gateway.ledger.peer-endpoint): only the" + " read model can answer");
        }
        return queries;
    }

    private static ObjectNode fromReadModel(long height) {
        return NODES.objectNode().put("source", "read-model").put("ledgerHeight", height);
    }

    private static ObjectNode fromPeer(long height) {
        return NODES.objectNode().put("source", "ledger").put("ledgerHeight", height);
    }

    private static Mono<JsonNode> blocking(Callable<JsonNode> query) {
        return Mono.fromCallable(query).subscribeOn(Schedulers.boundedElastic());
    }
}
