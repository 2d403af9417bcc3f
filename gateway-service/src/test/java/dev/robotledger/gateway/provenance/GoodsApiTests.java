package dev.robotledger.gateway.provenance;

import static dev.robotledger.contract.ContractTransaction.RECORD_PRODUCTION;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.robotledger.contract.Sgtin;
import dev.robotledger.gateway.access.Role;
import dev.robotledger.gateway.testing.Await;
import dev.robotledger.gateway.testing.InProcessGateway;
import dev.robotledger.gateway.testing.JournalAndBroker;
import dev.robotledger.gateway.testing.LedgerTests;
import dev.robotledger.gateway.testing.LedgerUnderTest;
import dev.robotledger.gateway.testing.ProductionPayloads;
import dev.robotledger.gateway.testing.Publisher;
import dev.robotledger.gateway.testing.TestRobot;
import dev.robotledger.wire.message.Envelope;
import dev.robotledger.wire.message.MessageType;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.http.MediaType;

/**
 * {@code GET /api/goods} on a gateway whose read model follows a ledger ({@link GoodsApiIT}: the
 * embedded ledger; {@link GoodsApiFabricIT}: the tests' Fabric network): goods a robot made,
 * found by robot and time, a page at a time, by every role that may read goods.
 */
abstract class GoodsApiTests extends LedgerTests<LedgerUnderTest> {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    @RegisterExtension
    static final JournalAndBroker INFRA = new JournalAndBroker();

    @Test
    void everyRoleThatReadsGoodsFindsARobotsGoodsPageByPage() throws Exception {
        String run = UUID.randomUUID().toString().substring(0, 8);
        TestRobot lathe = new TestRobot("find-lathe-" + run);
        Instant first = Instant.now().minusSeconds(3_600);
        try (InProcessGateway gateway =
                ledger.startGateway(INFRA, "manufacturer", "find-" + run, "gateway.read-model.retry-initial=100ms")) {
            gateway.register(lathe);
            List<String> made = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                String goodId = lathe.robotId() + "-g" + i;
                made.add(0, goodId);
                ledger.submit(
                        "manufacturer",
                        RECORD_PRODUCTION,
                        "find-production-" + goodId,
                        JsonNodeFactory.instance
                                .objectNode()
                                .put("goodId", goodId)
                                .put("kind", "shaft")
                                .put("firmwareVersion", "fw-1")
                                .put("energyWh", 1.5)
                                .put("robotId", lathe.robotId())
                                .put(
                                        "producedAtEpochMillis",
                                        first.plusSeconds(i).toEpochMilli())
                                .toString());
            }
            String byRobot = "/api/goods?robot=" + lathe.robotId();
            Await.until(
                    "the lathe's goods in the read model",
                    TIMEOUT,
                    () -> ids(get(gateway, Role.RETAILER, byRobot)).size() == 3);

            for (Role role : List.of(Role.OPERATOR, Role.RETAILER, Role.LENDER)) {
                assertThat(ids(get(gateway, role, byRobot)))
                        .as("as %s, newest first", role)
                        .isEqualTo(made);
            }
            JsonNode newest = get(gateway, Role.LENDER, byRobot).get("goods").get(0);
            assertThat(newest.get("robotId").asText()).isEqualTo(lathe.robotId());
            assertThat(newest.get("kind").asText()).isEqualTo("shaft");
            assertThat(newest.get("site").asText() + "/" + newest.get("line").asText())
                    .isEqualTo("site-1/line-1");
            assertThat(newest.get("status").asText()).isEqualTo("ACTIVE");
            assertThat(newest.get("custodianOrg").asText()).isEqualTo("ManufacturerMSP");
            assertThat(newest.get("quality").asText()).isEqualTo("NONE");
            assertThat(newest.get("producedAt").asText())
                    .isEqualTo(first.plusSeconds(2)
                            .truncatedTo(java.time.temporal.ChronoUnit.MILLIS)
                            .toString());

            JsonNode page1 = get(gateway, Role.RETAILER, byRobot + "&limit=2");
            assertThat(ids(page1)).isEqualTo(made.subList(0, 2));
            JsonNode page2 = get(
                    gateway,
                    Role.RETAILER,
                    byRobot + "&limit=2&after=" + page1.get("nextCursor").asText());
            assertThat(ids(page2)).isEqualTo(made.subList(2, 3));
            assertThat(page2.get("nextCursor").isNull()).isTrue();
            assertThat(page2.get("ledgerHeight").asLong()).isGreaterThan(startHeight);

            String window =
                    byRobot + "&producedFrom=" + first.plusSeconds(1) + "&producedBefore=" + first.plusSeconds(2);
            assertThat(ids(get(gateway, Role.OPERATOR, window))).containsExactly(made.get(1));
            assertThat(ids(get(gateway, Role.OPERATOR, byRobot + "&status=RECALLED")))
                    .isEmpty();

            gateway.web(Role.METRICS)
                    .get()
                    .uri(byRobot)
                    .exchange()
                    .expectStatus()
                    .isForbidden();
            gateway.anonymousWeb().get().uri(byRobot).exchange().expectStatus().isUnauthorized();
            gateway.web(Role.RETAILER)
                    .get()
                    .uri(byRobot + "&colour=red")
                    .exchange()
                    .expectStatus()
                    .isBadRequest()
                    .expectBody()
                    .jsonPath("$.detail")
                    .value(detail -> assertThat((String) detail)
                            .contains("unknown parameter colour", "gtin", "serial", "lot", "robot", "site", "status"));
            gateway.web(Role.RETAILER)
                    .get()
                    .uri(byRobot + "&producedFrom=yesterday")
                    .exchange()
                    .expectStatus()
                    .isBadRequest()
                    .expectBody()
                    .jsonPath("$.detail")
                    .value(detail -> assertThat((String) detail)
                            .contains("producedFrom must be an ISO-8601 instant", "'yesterday'"));
        }
    }

    @Test
    void aProductsDigitalLinkShowsWhatItsMakerDisclosesAndItsReadingsLeadToVerifiedProofs() throws Exception {
        String run = UUID.randomUUID().toString().substring(0, 6);
        TestRobot welder = new TestRobot("dl" + run);
        Sgtin part = Sgtin.of(Sgtin.gtin("9506000", "000002"), welder.robotId() + ".1", 7);
        Sgtin product = Sgtin.of(Sgtin.gtin("9506000", "000001"), welder.robotId() + ".2", 7);
        try (InProcessGateway gateway = ledger.startGateway(
                        INFRA,
                        "manufacturer",
                        "dl-" + run,
                        "gateway.read-model.retry-initial=100ms",
                        "gateway.anchoring.max-readings=10",
                        "gateway.anchoring.max-age=1s");
                Publisher publisher = new Publisher(INFRA.broker().uri(), "dl-robots-" + run)) {
            gateway.register(welder);
            Envelope partWindow = welder.windowNow(10);
            publisher.publish(welder, partWindow);
            publisher.publish(
                    welder,
                    welder.producedIn(
                            partWindow,
                            MessageType.COMPONENT_PRODUCED,
                            ProductionPayloads.component(part.epcUri(), "bracket")
                                    .put("gtin", part.gtin())
                                    .put("serial", part.serial())
                                    .put("lot", welder.robotId() + "-L0")));
            Envelope productWindow = welder.windowNow(10);
            publisher.publish(welder, productWindow);
            ObjectNode assembly = ProductionPayloads.assembly(product.epcUri(), part.epcUri());
            ((ObjectNode) assembly.get("product"))
                    .put("kind", "product")
                    .put("gtin", product.gtin())
                    .put("serial", product.serial());
            publisher.publish(welder, welder.producedIn(productWindow, MessageType.ASSEMBLED, assembly));
            publisher.publish(
                    welder, welder.event(MessageType.QUALITY_CHECK, ProductionPayloads.check(product.epcUri())));
            String bySerial = "/api/goods?serial=" + product.serial();
            Await.until(
                    "the product and its check in the read model",
                    TIMEOUT,
                    () -> get(gateway, Role.RETAILER, bySerial)
                            .at("/goods/0/quality")
                            .asText()
                            .equals("PASS"));

            JsonNode found = get(gateway, Role.OPERATOR, bySerial).get("goods");
            assertThat(found).hasSize(1);
            assertThat(found.get(0).get("id").asText()).isEqualTo(product.epcUri());
            assertThat(found.get(0).get("digitalLink").asText()).isEqualTo(product.digitalLinkPath());
            assertThat(ids(get(
                            gateway,
                            Role.LENDER,
                            "/api/goods?gtin=" + part.gtin() + "&lot=" + welder.robotId() + "-L0")))
                    .containsExactly(part.epcUri());

            String publicProduct = "/api/public" + product.digitalLinkPath();
            JsonNode page = JSON.readTree(gateway.anonymousWeb()
                    .get()
                    .uri(publicProduct)
                    .exchange()
                    .expectStatus()
                    .isOk()
                    .expectBody()
                    .returnResult()
                    .getResponseBody());
            assertThat(page.get("gtin").asText() + " " + page.get("serial").asText())
                    .isEqualTo(product.gtin() + " " + product.serial());
            assertThat(page.get("recalled").asBoolean()).isFalse();
            assertThat(page.get("robotId").asText()).isEqualTo(welder.robotId());
            assertThat(page.get("site").asText() + "/" + page.get("line").asText())
                    .isEqualTo("site-1/line-1");
            assertThat(page.get("producedAt").asText())
                    .isEqualTo(Instant.ofEpochMilli(productWindow.timestamp()).toString());
            assertThat(page.get("checksPassed").asBoolean()).isTrue();
            assertThat(page.get("energyWh").asDouble())
                    .as("the product's and its part's")
                    .isEqualTo(7.0);
            assertThat(page.at("/ledger/ledgerHeight").asLong()).isGreaterThan(startHeight);
            assertThat(page.at("/ledger/recordedInTxId").asText()).isNotBlank();
            gateway.anonymousWeb()
                    .get()
                    .uri(product.digitalLinkPath())
                    .exchange()
                    .expectStatus()
                    .isOk()
                    .expectHeader()
                    .contentTypeCompatibleWith(MediaType.TEXT_HTML)
                    .expectBody(String.class)
                    .value(html -> assertThat(html).contains("/js/product-page.js"));
            // A part, and a key nobody made, answer alike: not public, and nothing of the good.
            for (String notPublic : List.of(part.digitalLinkPath(), "/01/" + product.gtin() + "/21/nobody.1")) {
                gateway.anonymousWeb()
                        .get()
                        .uri("/api/public" + notPublic)
                        .exchange()
                        .expectStatus()
                        .isNotFound()
                        .expectBody(String.class)
                        .value(body -> assertThat(body)
                                .contains("Not public")
                                .doesNotContain(welder.robotId() + "\"", "site-1", "energy"));
            }

            String telemetry = "/api/goods/" + product.epcUri() + "/telemetry";
            Await.until("the product's readings anchored", TIMEOUT, () -> {
                JsonNode readings = get(gateway, Role.RETAILER, telemetry).get("readings");
                return readings.size() == 20
                        && readings.findValues("anchored").stream().allMatch(JsonNode::asBoolean);
            });
            JsonNode view = get(gateway, Role.RETAILER, telemetry);
            assertThat(view.at("/processParameters/weld.current.a").asDouble()).isEqualTo(120.5);
            JsonNode reading = view.get("readings").get(15);
            assertThat(reading.at("/sensors/torque").isNumber()).isTrue();
            long readingSeq = reading.get("readingSeq").asLong();
            assertThat(reading.get("proof").asText())
                    .isEqualTo("/api/readings/" + welder.robotId() + "/" + readingSeq + "/proof");
            JsonNode verification = get(
                    gateway, Role.RETAILER, "/api/readings/" + welder.robotId() + "/" + readingSeq + "/verification");
            assertThat(verification.get("valid").asBoolean()).isTrue();
            assertThat(verification.get("anchored").asBoolean()).isTrue();
            assertThat(verification.get("checks").findValues("outcome"))
                    .extracting(JsonNode::asText)
                    .containsOnly("PASSED");
            gateway.anonymousWeb()
                    .get()
                    .uri(telemetry)
                    .exchange()
                    .expectStatus()
                    .isUnauthorized();
            gateway.web(Role.RETAILER)
                    .get()
                    .uri(telemetry + "?spanSeconds=0")
                    .exchange()
                    .expectStatus()
                    .isBadRequest();
        }
    }

    private static JsonNode get(InProcessGateway gateway, Role role, String uri) {
        try {
            return JSON.readTree(gateway.web(role)
                    .get()
                    .uri(uri)
                    .exchange()
                    .expectStatus()
                    .isOk()
                    .expectBody()
                    .returnResult()
                    .getResponseBody());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static List<String> ids(JsonNode page) {
        List<String> ids = new ArrayList<>();
        page.get("goods").forEach(good -> ids.add(good.get("id").asText()));
        return ids;
    }
}
