package dev.robotledger.gateway.provenance;

import static dev.robotledger.contract.ContractTransaction.RECORD_PRODUCTION;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.robotledger.gateway.access.Role;
import dev.robotledger.gateway.testing.Await;
import dev.robotledger.gateway.testing.InProcessGateway;
import dev.robotledger.gateway.testing.JournalAndBroker;
import dev.robotledger.gateway.testing.LedgerTests;
import dev.robotledger.gateway.testing.LedgerUnderTest;
import dev.robotledger.gateway.testing.TestRobot;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

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
        try (InProcessGateway gateway = ledger.startGateway(INFRA, "manufacturer", "find-" + run,
                "gateway.read-model.retry-initial=100ms")) {
            gateway.register(lathe);
            List<String> made = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                String goodId = lathe.robotId() + "-g" + i;
                made.add(0, goodId);
                ledger.submit("manufacturer", RECORD_PRODUCTION, "find-production-" + goodId,
                        JsonNodeFactory.instance.objectNode().put("goodId", goodId).put("kind", "shaft")
                                .put("firmwareVersion", "fw-1").put("energyWh", 1.5).put("robotId", lathe.robotId())
                                .put("producedAtEpochMillis", first.plusSeconds(i).toEpochMilli()).toString());
            }
            String byRobot = "/api/goods?robot=" + lathe.robotId();
            Await.until("the lathe's goods in the read model", TIMEOUT,
                    () -> ids(get(gateway, Role.RETAILER, byRobot)).size() == 3);

            for (Role role : List.of(Role.OPERATOR, Role.RETAILER, Role.LENDER)) {
                assertThat(ids(get(gateway, role, byRobot))).as("as %s, newest first", role).isEqualTo(made);
            }
            JsonNode newest = get(gateway, Role.LENDER, byRobot).get("goods").get(0);
            assertThat(newest.get("robotId").asText()).isEqualTo(lathe.robotId());
            assertThat(newest.get("kind").asText()).isEqualTo("shaft");
            assertThat(newest.get("site").asText() + "/" + newest.get("line").asText()).isEqualTo("site-1/line-1");
            assertThat(newest.get("status").asText()).isEqualTo("ACTIVE");
            assertThat(newest.get("custodianOrg").asText()).isEqualTo("ManufacturerMSP");
            assertThat(newest.get("quality").asText()).isEqualTo("NONE");
            assertThat(newest.get("producedAt").asText()).isEqualTo(first.plusSeconds(2).truncatedTo(
                    java.time.temporal.ChronoUnit.MILLIS).toString());

            JsonNode page1 = get(gateway, Role.RETAILER, byRobot + "&limit=2");
            assertThat(ids(page1)).isEqualTo(made.subList(0, 2));
            JsonNode page2 = get(gateway, Role.RETAILER, byRobot + "&limit=2&after=" + page1.get("nextCursor").asText());
            assertThat(ids(page2)).isEqualTo(made.subList(2, 3));
            assertThat(page2.get("nextCursor").isNull()).isTrue();
            assertThat(page2.get("ledgerHeight").asLong()).isGreaterThan(startHeight);

            String window = byRobot + "&producedFrom=" + first.plusSeconds(1) + "&producedBefore=" + first.plusSeconds(2);
            assertThat(ids(get(gateway, Role.OPERATOR, window))).containsExactly(made.get(1));
            assertThat(ids(get(gateway, Role.OPERATOR, byRobot + "&status=RECALLED"))).isEmpty();

            gateway.web(Role.METRICS).get().uri(byRobot).exchange().expectStatus().isForbidden();
            gateway.anonymousWeb().get().uri(byRobot).exchange().expectStatus().isUnauthorized();
            gateway.web(Role.RETAILER).get().uri(byRobot + "&gtin=09506000134352").exchange()
                    .expectStatus().isBadRequest()
                    .expectBody().jsonPath("$.detail").value(detail -> assertThat((String) detail)
                            .contains("unknown parameter gtin", "robot", "site", "line", "status"));
            gateway.web(Role.RETAILER).get().uri(byRobot + "&producedFrom=yesterday").exchange()
                    .expectStatus().isBadRequest()
                    .expectBody().jsonPath("$.detail").value(detail -> assertThat((String) detail)
                            .contains("producedFrom must be an ISO-8601 instant", "'yesterday'"));
        }
    }

    private static JsonNode get(InProcessGateway gateway, Role role, String uri) {
        try {
            return JSON.readTree(gateway.web(role).get().uri(uri).exchange().expectStatus().isOk()
                    .expectBody().returnResult().getResponseBody());
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
