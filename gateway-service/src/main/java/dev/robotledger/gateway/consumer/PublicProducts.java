package dev.robotledger.gateway.consumer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.robotledger.gateway.provenance.Good;
import dev.robotledger.gateway.provenance.GoodsQuery;
import dev.robotledger.gateway.provenance.GoodsSearch;
import dev.robotledger.gateway.provenance.ProvenanceNode;
import dev.robotledger.gateway.provenance.ProvenanceReadModel;
import dev.robotledger.gateway.provenance.ProvenanceTree;
import dev.robotledger.gateway.provenance.QualityResult;
import dev.robotledger.gateway.provenance.UnknownGoodException;
import java.time.Instant;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

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

    public PublicProducts(GoodsSearch search, ProvenanceReadModel readModel, ConsumerProperties properties,
                          String ownOrg) {
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
        String goodId = search.find(new GoodsQuery(keys, Optional.empty(), Optional.empty(), 1, Optional.empty()))
                .value().goods().stream().findFirst().map(summary -> summary.path("id").asText())
                .orElseThrow(() -> new NotPublicException(gtin, serial));
        ProvenanceReadModel.Answer<ProvenanceTree> answer;
        try {
            answer = readModel.provenance(goodId, ProvenanceReadModel.DEPTH_CAP, ProvenanceReadModel.NODE_CAP);
        } catch (UnknownGoodException goneMeanwhile) {
            throw new NotPublicException(gtin, serial);
        }
        Good good = answer.value().tree().good();
        if (!ownOrg.equals(good.production().producerOrg()) || !properties.productKinds().contains(good.production().kind())) {
            throw new NotPublicException(gtin, serial);
        }
        return disclosed(good, answer.value().tree(), answer.ledgerHeight(), properties.disclose());
    }

    static ObjectNode disclosed(Good good, ProvenanceNode tree, long ledgerHeight, Set<Disclosure> disclose) {
        var production = good.production();
        ObjectNode page = NODES.objectNode().put("gtin", production.gtin()).put("serial", production.serial())
                .put("kind", production.kind()).put("manufacturer", production.producerOrg())
                .put("recalled", good.recall() != null);
        if (good.recall() != null) {
            page.putObject("recall").put("reason", good.recall().reason())
                    .put("at", Instant.ofEpochMilli(good.recall().atEpochMillis()).toString());
        }
        if (disclose.contains(Disclosure.MADE_BY)) {
            page.put("robotId", production.robotId()).put("line", production.line());
        }
        if (disclose.contains(Disclosure.SITE)) {
            page.put("site", production.site());
        }
        if (disclose.contains(Disclosure.PRODUCED_AT)) {
            page.put("producedAt", Instant.ofEpochMilli(production.producedAtEpochMillis()).toString());
        }
        if (disclose.contains(Disclosure.CHECKS)) {
            page.put("checksPassed", good.qualityChecks().stream().allMatch(check -> check.result() == QualityResult.PASS));
            ArrayNode checks = page.putArray("checks");
            good.qualityChecks().forEach(check -> checks.addObject().put("checkType", check.checkType())
                    .put("result", check.result().name())
                    .put("checkedAt", Instant.ofEpochMilli(check.checkedAtEpochMillis()).toString()));
        }
        if (disclose.contains(Disclosure.ENERGY)) {
            page.put("energyWh", energy(tree)).put("goodsInTree", tree.size());
        }
        if (disclose.contains(Disclosure.LEDGER)) {
            page.putObject("ledger").put("source", "read-model").put("ledgerHeight", ledgerHeight)
                    .put("recordedInTxId", production.recordedInTxId())
                    .put("recordedAt", Instant.ofEpochMilli(production.recordedAtEpochMillis()).toString());
        }
        return page;
    }

    private static double energy(ProvenanceNode node) {
        return node.good().production().energyWh() + node.parts().stream().mapToDouble(PublicProducts::energy).sum();
    }
}
