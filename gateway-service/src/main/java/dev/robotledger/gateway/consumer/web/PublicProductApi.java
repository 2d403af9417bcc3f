package dev.robotledger.gateway.consumer.web;

import dev.robotledger.gateway.consumer.PublicProducts;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.core.io.ClassPathResource;
import org.springframework.core.io.Resource;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import tools.jackson.databind.JsonNode;

/**
 * What anyone holding a product may read without a token: its GS1 Digital Link opens a page
 * (product.html, which reads the JSON answer below), with what the manufacturer discloses.
 */
@RestController
class PublicProductApi {

    private static final Resource PAGE = new ClassPathResource("static/product.html");

    // Made at the first request (the bean is lazy: see ConsumerConfiguration).
    private final ObjectProvider<PublicProducts> products;

    PublicProductApi(ObjectProvider<PublicProducts> products) {
        this.products = products;
    }

    // The page is the same for every product; it asks for the product's data by the path it was opened at.
    @GetMapping(value = "/01/{gtin}/21/{serial}", produces = MediaType.TEXT_HTML_VALUE)
    @Operation(
            summary = "A product's public page (GS1 Digital Link)",
            description =
                    "The HTML page a product's GS1 Digital Link (what its QR code holds) opens; no token. It shows"
                            + " what GET /api/public/01/{gtin}/21/{serial} answers, or that the product has no public page.")
    @ApiResponse(
            responseCode = "200",
            description = "the page",
            content = @Content(mediaType = MediaType.TEXT_HTML_VALUE, examples = @ExampleObject("<!doctype html>...")))
    ResponseEntity<Resource> page(@PathVariable String gtin, @PathVariable String serial) {
        return ResponseEntity.ok().contentType(MediaType.TEXT_HTML).body(PAGE);
    }

    @GetMapping(value = "/api/public/01/{gtin}/21/{serial}", produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(
            summary = "What a product's manufacturer discloses (no token)",
            description = "For a finished product this organisation made (gateway.consumer.product-kinds), found by its"
                    + " GTIN and serial in the read model: its identity, whether it is recalled, and what"
                    + " gateway.consumer.disclose allows (made by which robot and line, site, production time, checks,"
                    + " energy over its component tree, the ledger transaction and the ledger height read). A part, a"
                    + " good of another organisation and an unknown key all answer 404 'Not public', with no data.")
    @ApiResponse(
            responseCode = "200",
            description = "the disclosed facts",
            content = @Content(mediaType = MediaType.APPLICATION_JSON_VALUE, examples = @ExampleObject("""
                    {"gtin": "04012345000023", "serial": "robot-001.2", "kind": "assembly",
                     "manufacturer": "ManufacturerMSP", "recalled": false, "robotId": "robot-001", "line": "l1",
                     "site": "s1", "producedAt": "2026-12-07T08:00:00Z", "checksPassed": true,
                     "checks": [{"checkType": "dimensional", "result": "PASS", "checkedAt": "2026-12-07T08:00:01Z"}],
                     "energyWh": 9.6, "goodsInTree": 3,
                     "ledger": {"source": "read-model", "ledgerHeight": 412, "recordedInTxId": "9f2c...",
                                "recordedAt": "2026-12-07T08:00:02Z"}}""")))
    Mono<JsonNode> product(@PathVariable String gtin, @PathVariable String serial) {
        return Mono.fromCallable(() -> products.getObject().page(gtin, serial))
                .subscribeOn(Schedulers.boundedElastic());
    }
}
