package dev.robotledger.agent.shipping;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.robotledger.agent.sim.IdShare;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ShippingTest {

    private static final Instant NOW = Instant.parse("2026-12-07T12:00:00Z");
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    /** The goods both gateways see, and every write they were asked for. */
    private static final class FakeLedger {
        final Map<String, ObjectNode> goods = new LinkedHashMap<>();
        final List<String> writes = new ArrayList<>();
        final Set<String> eventIds = new HashSet<>();
        final Set<String> retailerLagging = new HashSet<>();

        void product(String id, String quality, String status, Instant producedAt) {
            goods.put(
                    id,
                    NODES.objectNode()
                            .put("id", id)
                            .put("kind", "product")
                            .put("quality", quality)
                            .put("status", status)
                            .put("custodianOrg", "ManufacturerMSP")
                            .put("producedAt", producedAt.toString()));
        }

        GatewayApi as(String org) {
            return new GatewayApi() {
                @Override
                public Answer get(String path) {
                    assertThat(path)
                            .startsWith("/api/goods?kind=product&status=ACTIVE&custodian=ManufacturerMSP"
                                    + "&producedBefore=2026-12-07T11:59:30Z&limit=");
                    ArrayNode list = NODES.arrayNode();
                    goods.values().stream()
                            .filter(g -> g.path("status").asText().equals("ACTIVE")
                                    && g.path("custodianOrg").asText().equals("ManufacturerMSP")
                                    && Instant.parse(g.path("producedAt").asText())
                                            .isBefore(Instant.parse("2026-12-07T11:59:30Z")))
                            .forEach(list::add);
                    return new Answer(200, NODES.objectNode().set("goods", list));
                }

                @Override
                public Answer post(String path, JsonNode body) {
                    String goodId = path.split("/")[3];
                    String action = path.substring(("/api/goods/" + goodId).length());
                    ObjectNode good = goods.get(goodId);
                    String eventId = body.path("eventId").asText();
                    if (eventIds.contains(eventId)) {
                        return new Answer(200, good);
                    }
                    switch (action) {
                        case "/transfer" -> {
                            assertThat(org).isEqualTo("manufacturer");
                            if (good.has("pendingTransfer")) {
                                return new Answer(409, NODES.objectNode().put("detail", "TRANSFER_PENDING"));
                            }
                            good.set(
                                    "pendingTransfer",
                                    NODES.objectNode()
                                            .put("toOrg", body.path("toOrg").asText()));
                        }
                        case "/transfer/accept" -> {
                            assertThat(org).isEqualTo("retailer");
                            if (retailerLagging.remove(goodId) || !good.has("pendingTransfer")) {
                                return new Answer(409, NODES.objectNode().put("detail", "NO_PENDING_TRANSFER"));
                            }
                            good.remove("pendingTransfer");
                            good.put("custodianOrg", "RetailerMSP");
                        }
                        case "/recall" -> {
                            assertThat(org).isEqualTo("manufacturer");
                            good.put("status", "RECALLED");
                        }
                        default -> throw new AssertionError(path);
                    }
                    eventIds.add(eventId);
                    writes.add(eventId);
                    return new Answer(200, good);
                }
            };
        }

        Shipping shipping(double acceptShare, double recallShare) {
            return new Shipping(
                    as("manufacturer"),
                    as("retailer"),
                    new Shipping.Policy(
                            "product",
                            "ManufacturerMSP",
                            "RetailerMSP",
                            Duration.ofSeconds(30),
                            IdShare.of(acceptShare, "accept"),
                            IdShare.of(recallShare, "recall"),
                            "cracked housing"),
                    Clock.fixed(NOW, ZoneOffset.UTC));
        }
    }

    @Test
    void shipsOnlyProductsThatPassedAndWaitedInTheWarehouseAndEachOnce() throws Exception {
        FakeLedger ledger = new FakeLedger();
        ledger.product("old-pass", "PASS", "ACTIVE", NOW.minusSeconds(60));
        ledger.product("old-fail", "FAIL", "ACTIVE", NOW.minusSeconds(60));
        ledger.product("quarantined", "FAIL", "QUARANTINED", NOW.minusSeconds(60));
        ledger.product("fresh", "PASS", "ACTIVE", NOW.minusSeconds(5));
        Shipping shipping = ledger.shipping(1, 0);

        shipping.round();
        shipping.round();

        assertThat(ledger.writes).containsExactly("ship-old-pass", "accept-old-pass");
        assertThat(shipping.counts().shipped()).isOne();
        assertThat(shipping.counts().accepted()).isOne();
        assertThat(ledger.goods.get("old-pass").path("custodianOrg").asText()).isEqualTo("RetailerMSP");
    }

    @Test
    void acceptsTheShareOfShipmentsAndLeavesTheRestPendingForAPerson() throws Exception {
        FakeLedger ledger = new FakeLedger();
        for (int i = 0; i < 400; i++) {
            ledger.product("p" + i, "PASS", "ACTIVE", NOW.minusSeconds(60));
        }
        Shipping shipping = ledger.shipping(0.75, 0);
        shipping.round();
        shipping.round();

        long atRetailer = ledger.goods.values().stream()
                .filter(g -> g.path("custodianOrg").asText().equals("RetailerMSP"))
                .count();
        long pending = ledger.goods.values().stream()
                .filter(g -> g.has("pendingTransfer"))
                .count();
        assertThat(atRetailer + pending).isEqualTo(400);
        assertThat(atRetailer).isBetween(260L, 340L);
        assertThat(pending).isPositive();
        assertThat(shipping.counts().shipped()).isEqualTo(400);
        // The same shares again after a restart: the event ids answer the first results, nothing is written twice.
        List<String> before = List.copyOf(ledger.writes);
        ledger.shipping(0.75, 0).round();
        assertThat(ledger.writes).isEqualTo(before);
    }

    @Test
    void triesAnAcceptAgainWhileTheRetailersPeerHasNotSeenTheOffer() throws Exception {
        FakeLedger ledger = new FakeLedger();
        ledger.product("p", "PASS", "ACTIVE", NOW.minusSeconds(60));
        ledger.retailerLagging.add("p");
        Shipping shipping = ledger.shipping(1, 0);
        shipping.round();
        assertThat(shipping.counts().accepted()).isZero();
        shipping.round();
        assertThat(shipping.counts().accepted()).isOne();
        assertThat(shipping.counts().refused()).isZero();
    }

    @Test
    void recallsTheShareOfTheProductsTheRetailerReceived() throws Exception {
        FakeLedger ledger = new FakeLedger();
        for (int i = 0; i < 200; i++) {
            ledger.product("p" + i, "PASS", "ACTIVE", NOW.minusSeconds(60));
        }
        Shipping shipping = ledger.shipping(1, 0.1);
        shipping.round();
        long recalled = ledger.goods.values().stream()
                .filter(g -> g.path("status").asText().equals("RECALLED"))
                .count();
        assertThat(recalled).isBetween(8L, 35L).isEqualTo(shipping.counts().recalled());
        assertThat(ledger.goods.values().stream()
                        .filter(g -> g.path("status").asText().equals("RECALLED")))
                .allMatch(g -> g.path("custodianOrg").asText().equals("RetailerMSP"));
        assertThat(ledger.writes.stream().filter(w -> w.startsWith("recall-")).count())
                .isEqualTo(recalled);
        assertThat(ledger.shipping(1, 0).round().recalled()).isZero();
    }

    @Test
    void refusesSharesOutsideZeroToOneAndANegativeWait() {
        assertThatThrownBy(() -> IdShare.of(1.2, "accept")).hasMessageContaining("accept share");
        assertThatThrownBy(() ->
                        new Shipping.Policy("product", "M", "R", Duration.ofSeconds(-1), id -> true, id -> false, "x"))
                .hasMessageContaining("ship-after");
    }
}
