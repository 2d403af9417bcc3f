package dev.robotledger.gateway.consumer;

import dev.robotledger.gateway.provenance.GoodsQuery;
import dev.robotledger.gateway.provenance.GoodsSearch;
import dev.robotledger.gateway.provenance.ProvenanceReadModel;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * A finished product's public page, as the manufacturer discloses it: found by its GTIN and
 * serial in the read model, shown only for goods this organisation made of a product kind, with
 * only the {@link Disclosure}s configured. Blocking (JDBC).
 */
public final class PublicProducts {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private final GoodsSearch search;
    private final ProvenanceReadModel readModel;
    private final ConsumerProperties properties;
    private final String ownOrg;

    public PublicProducts(
            GoodsSearch search, ProvenanceReadModel readModel, ConsumerProperties properties, String ownOrg) {
        this.search = search;
        this.readModel = readModel;
        this.properties = properties;
        this.ownOrg = ownOrg;
    }

    /** @throws NotPublicException when no finished product of this organisation has these keys */
    public JsonNode page(String gtin, String serial) {
        Map<GoodsQuery.Field, String> keys = new EnumMap<>(GoodsQuery.Field.class);
        keys.put(GoodsQuery.Field.GTIN, gtin);
        keys.put(GoodsQuery.Field.SERIAL, serial);
        // GTIN and serial name one good (the contract refuses a second one), so a page of one holds it.
        String goodId = search
                .find(new GoodsQuery(keys, Optional.empty(), Optional.empty(), 1, Optional.empty()))
                .value()
                .goods()
                .stream()
                .findFirst()
                .map(summary -> summary.path("id").asString())
                .orElseThrow(() -> new NotPublicException(gtin, serial));
        ProvenanceReadModel.Answer<JsonNode> answer = readModel.good(goodId);
        JsonNode good = answer.value();
        JsonNode production = good.path("production");
        if (!ownOrg.equals(production.path("producerOrg").asString())
                || !properties.productKinds().contains(production.path("kind").asString())) {
            throw new NotPublicException(gtin, serial);
        }
        return disclosed(
                good,
                properties.disclose().contains(Disclosure.ENERGY) ? treeEnergy(goodId) : null,
                answer.ledgerHeight(),
                properties.disclose());
    }

    /** The energy used over the good's tree, and how many goods it has. */
    record TreeEnergy(double wh, int goods) {}

    // A production never changes once recorded, so the parts need not be read in the root's snapshot.
    private TreeEnergy treeEnergy(String goodId) {
        double wh = 0;
        int goods = 0;
        Deque<String> toRead = new ArrayDeque<>(List.of(goodId));
        while (!toRead.isEmpty() && goods < ProvenanceReadModel.NODE_CAP) {
            JsonNode good = readModel.good(toRead.pop()).value();
            wh += good.path("production").path("energyWh").asDouble();
            goods++;
            good.path("partIds").forEach(part -> toRead.push(part.asString()));
        }
        return new TreeEnergy(wh, goods);
    }

    static ObjectNode disclosed(JsonNode good, TreeEnergy energy, long ledgerHeight, Set<Disclosure> disclose) {
        JsonNode production = good.path("production");
        JsonNode recall = good.path("recall");
        ObjectNode page = NODES.objectNode()
                .put("gtin", production.path("gtin").asString())
                .put("serial", production.path("serial").asString())
                .put("kind", production.path("kind").asString())
                .put("manufacturer", production.path("producerOrg").asString())
                .put("recalled", recall.isObject());
        if (recall.isObject()) {
            page.putObject("recall")
                    .put("reason", recall.path("reason").asString())
                    .put("at", instant(recall.path("atEpochMillis")));
        }
        if (disclose.contains(Disclosure.MADE_BY)) {
            page.put("robotId", production.path("robotId").asString())
                    .put("line", production.path("line").asString());
        }
        if (disclose.contains(Disclosure.SITE)) {
            page.put("site", production.path("site").asString());
        }
        if (disclose.contains(Disclosure.PRODUCED_AT)) {
            page.put("producedAt", instant(production.path("producedAtEpochMillis")));
        }
        if (disclose.contains(Disclosure.CHECKS)) {
            JsonNode recorded = good.path("qualityChecks");
            boolean passed = true;
            ArrayNode checks = page.putArray("checks");
            for (JsonNode check : recorded) {
                passed &= "PASS".equals(check.path("result").asString());
                checks.addObject()
                        .put("checkType", check.path("checkType").asString())
                        .put("result", check.path("result").asString())
                        .put("checkedAt", instant(check.path("checkedAtEpochMillis")));
            }
            page.put("checksPassed", passed);
        }
        if (disclose.contains(Disclosure.ENERGY) && energy != null) {
            page.put("energyWh", energy.wh()).put("goodsInTree", energy.goods());
        }
        if (disclose.contains(Disclosure.LEDGER)) {
            page.putObject("ledger")
                    .put("source", "read-model")
                    .put("ledgerHeight", ledgerHeight)
                    .put("recordedInTxId", production.path("recordedInTxId").asString())
                    .put("recordedAt", instant(production.path("recordedAtEpochMillis")));
        }
        return page;
    }

    private static String instant(JsonNode epochMillis) {
        return Instant.ofEpochMilli(epochMillis.asLong()).toString();
    }
}
