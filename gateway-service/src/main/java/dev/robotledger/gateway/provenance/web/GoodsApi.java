package dev.robotledger.gateway.provenance.web;

import dev.robotledger.gateway.provenance.GoodsQuery;
import dev.robotledger.gateway.provenance.GoodsSearch;
import dev.robotledger.gateway.provenance.ProvenanceReadModel;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/** Finding goods without knowing their ids: a search of the read model, a page at a time. */
@RestController
class GoodsApi {

    private static final Set<String> OTHER_PARAMETERS = Set.of("producedFrom", "producedBefore", "limit", "after");

    private final GoodsSearch search;

    GoodsApi(GoodsSearch search) {
        this.search = search;
    }

    @GetMapping(value = "/api/goods", produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(
            summary = "Find goods",
            description = "Goods from the read model whose fields equal every filter given (GS1 gtin, serial and lot,"
                    + " robot, site, line, station, kind, status, custodian) and whose production time lies in [producedFrom, producedBefore),"
                    + " newest production first, limit per page (1..200, default 50). nextCursor, when not null, is"
                    + " the after of the next page. An unknown parameter is refused (400), so a misspelt filter never"
                    + " answers every good.")
    @ApiResponse(
            responseCode = "200",
            description = "a page of goods and where the next one starts",
            content = @Content(mediaType = MediaType.APPLICATION_JSON_VALUE, examples = @ExampleObject("""
                    {"source": "read-model", "ledgerHeight": 412, "nextCursor": "MTc2NTA5NDQwMDAwMDpyb2JvdC0wMDEtYTI",
                     "goods": [{"id": "urn:epc:id:sgtin:4012345.000002.robot-001.2", "kind": "assembly", "status": "ACTIVE",
                                "custodianOrg": "ManufacturerMSP", "robotId": "robot-001", "site": "s1", "line": "l1",
                                "station": "station-1", "producedAt": "2026-12-07T08:00:00Z", "partCount": 2,
                                "quality": "PASS", "gtin": "04012345000023", "serial": "robot-001.2", "lot": null,
                                "digitalLink": "/01/04012345000023/21/robot-001.2"}]}""")))
    Mono<JsonNode> find(
            @Parameter(description = "its GTIN, 14 digits") @RequestParam(required = false) String gtin,
            @Parameter(description = "its GS1 serial number") @RequestParam(required = false) String serial,
            @Parameter(description = "its lot (parts made in lots)") @RequestParam(required = false) String lot,
            @Parameter(description = "the robot that made the good") @RequestParam(required = false) String robot,
            @Parameter(description = "its site") @RequestParam(required = false) String site,
            @Parameter(description = "its line") @RequestParam(required = false) String line,
            @Parameter(description = "its station") @RequestParam(required = false) String station,
            @Parameter(description = "what it is, e.g. assembly") @RequestParam(required = false) String kind,
            @Parameter(description = "ACTIVE, CONSUMED, QUARANTINED or RECALLED") @RequestParam(required = false)
                    String status,
            @Parameter(description = "the MSP id of its custodian, e.g. RetailerMSP") @RequestParam(required = false)
                    String custodian,
            @Parameter(description = "produced at or after (ISO-8601 instant)") @RequestParam(required = false)
                    String producedFrom,
            @Parameter(description = "produced before (ISO-8601 instant)") @RequestParam(required = false)
                    String producedBefore,
            @Parameter(description = "goods per page, 1..200") @RequestParam(defaultValue = "50") int limit,
            @Parameter(description = "the nextCursor of the page before") @RequestParam(required = false) String after,
            ServerHttpRequest request) {
        return Mono.fromCallable(() -> {
                    refuseUnknownParameters(request.getQueryParams().keySet());
                    Map<GoodsQuery.Field, String> equal = new EnumMap<>(GoodsQuery.Field.class);
                    put(equal, GoodsQuery.Field.GTIN, gtin);
                    put(equal, GoodsQuery.Field.SERIAL, serial);
                    put(equal, GoodsQuery.Field.LOT, lot);
                    put(equal, GoodsQuery.Field.ROBOT, robot);
                    put(equal, GoodsQuery.Field.SITE, site);
                    put(equal, GoodsQuery.Field.LINE, line);
                    put(equal, GoodsQuery.Field.STATION, station);
                    put(equal, GoodsQuery.Field.KIND, kind);
                    put(equal, GoodsQuery.Field.STATUS, status);
                    put(equal, GoodsQuery.Field.CUSTODIAN, custodian);
                    GoodsQuery query = new GoodsQuery(
                            equal,
                            instant("producedFrom", producedFrom),
                            instant("producedBefore", producedBefore),
                            limit,
                            Optional.ofNullable(after).map(GoodsQuery.Cursor::parse));
                    ProvenanceReadModel.Answer<GoodsSearch.Page> answer = search.find(query);
                    ObjectNode body = JsonNodeFactory.instance
                            .objectNode()
                            .put("source", "read-model")
                            .put("ledgerHeight", answer.ledgerHeight());
                    body.put(
                            "nextCursor",
                            answer.value().next().map(GoodsQuery.Cursor::token).orElse(null));
                    body.putArray("goods").addAll(answer.value().goods());
                    return (JsonNode) body;
                })
                .subscribeOn(Schedulers.boundedElastic());
    }

    private static void refuseUnknownParameters(Set<String> given) {
        Set<String> known = Stream.concat(
                        Arrays.stream(GoodsQuery.Field.values()).map(GoodsQuery.Field::parameter),
                        OTHER_PARAMETERS.stream())
                .collect(Collectors.toCollection(TreeSet::new));
        Set<String> unknown = new TreeSet<>(given);
        unknown.removeAll(known);
        if (!unknown.isEmpty()) {
            throw new IllegalArgumentException("unknown parameter " + String.join(", ", unknown)
                    + "; goods are found by " + String.join(", ", known));
        }
    }

    private static void put(Map<GoodsQuery.Field, String> equal, GoodsQuery.Field field, String value) {
        if (value != null) {
            equal.put(field, value);
        }
    }

    private static Optional<Instant> instant(String name, String value) {
        if (value == null || value.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(Instant.parse(value));
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException(
                    name + " must be an ISO-8601 instant such as 2026-12-07T08:00:00Z, was '" + value + "'");
        }
    }
}
