package dev.robotledger.gateway.consumer;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.robotledger.gateway.provenance.ProvenanceTree;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.EnumSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PublicProductsTest {

    private static ProvenanceTree threeLevelProduct() throws IOException {
        try (InputStream in = PublicProductsTest.class.getResourceAsStream("/provenance/three-level-product.json")) {
            return ProvenanceTree.fromJson(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
    }

    private static JsonNode page(Set<Disclosure> disclose) throws IOException {
        ProvenanceTree tree = threeLevelProduct();
        return PublicProducts.disclosed(tree.tree().good(), tree.tree(), 42, disclose);
    }

    @Test
    void showsEveryDisclosedFactWithEnergySummedOverTheTree() throws IOException {
        JsonNode page = page(EnumSet.allOf(Disclosure.class));

        assertThat(page.get("recalled").asBoolean()).isFalse();
        assertThat(page.get("robotId").asText()).isEqualTo("r-asm");
        assertThat(page.get("line").asText()).isEqualTo("line-2");
        assertThat(page.get("site").asText()).isEqualTo("plant-1");
        assertThat(page.get("checksPassed").asBoolean()).isTrue();
        assertThat(page.get("checks")).hasSize(2);
        assertThat(page.get("energyWh").asDouble()).as("8 goods of 18.25 Wh").isEqualTo(146.0);
        assertThat(page.get("goodsInTree").asInt()).isEqualTo(8);
        assertThat(page.at("/ledger/ledgerHeight").asLong()).isEqualTo(42);
    }

    @Test
    void showsNothingTheManufacturerDidNotDiscloseButAlwaysTheRecallStatus() throws IOException {
        JsonNode page = page(EnumSet.of(Disclosure.SITE));

        assertThat(page.fieldNames()).toIterable()
                .containsExactlyInAnyOrder("gtin", "serial", "kind", "manufacturer", "recalled", "site");
        assertThat(page(Set.of()).has("recalled")).isTrue();
    }
}
