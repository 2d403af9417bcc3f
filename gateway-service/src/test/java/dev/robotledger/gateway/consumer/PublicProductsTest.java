package dev.robotledger.gateway.consumer;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.util.EnumSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.node.ObjectNode;

class PublicProductsTest {

    private static final PublicProducts.TreeEnergy ENERGY = new PublicProducts.TreeEnergy(146.0, 8);

    /** The product at the top of the three-level fixture, as the ledger holds it. */
    private static ObjectNode product() throws IOException {
        try (InputStream in = PublicProductsTest.class.getResourceAsStream("/provenance/three-level-product.json")) {
            return (ObjectNode) new ObjectMapper().readTree(in).at("/tree/good");
        }
    }

    @Test
    void showsEveryDisclosedFact() throws IOException {
        JsonNode page = PublicProducts.disclosed(product(), ENERGY, 42, EnumSet.allOf(Disclosure.class));

        assertThat(page.get("recalled").asBoolean()).isFalse();
        assertThat(page.has("recall")).isFalse();
        assertThat(page.get("robotId").asString()).isEqualTo("r-asm");
        assertThat(page.get("line").asString()).isEqualTo("line-2");
        assertThat(page.get("site").asString()).isEqualTo("plant-1");
        assertThat(page.get("checksPassed").asBoolean()).isTrue();
        assertThat(page.get("checks")).hasSize(2);
        assertThat(page.get("energyWh").asDouble()).isEqualTo(146.0);
        assertThat(page.get("goodsInTree").asInt()).isEqualTo(8);
        assertThat(page.at("/ledger/ledgerHeight").asLong()).isEqualTo(42);
        assertThat(page.at("/ledger/recordedInTxId").asString()).isNotBlank();
    }

    @Test
    void showsNothingTheManufacturerDidNotDiscloseButAlwaysTheRecallStatus() throws IOException {
        JsonNode page = PublicProducts.disclosed(product(), ENERGY, 42, EnumSet.of(Disclosure.SITE));

        assertThat(page.propertyNames())
                .containsExactlyInAnyOrder("gtin", "serial", "kind", "manufacturer", "recalled", "site");
        ObjectNode recalled = product();
        recalled.putObject("recall")
                .put("recallId", "r-1")
                .put("reason", "weld seam may crack")
                .put("downstream", false)
                .put("atEpochMillis", 1772439072000L);
        JsonNode recalledPage = PublicProducts.disclosed(recalled, ENERGY, 42, Set.of());
        assertThat(recalledPage.get("recalled").asBoolean()).isTrue();
        assertThat(recalledPage.at("/recall/reason").asString()).isEqualTo("weld seam may crack");
    }

    @Test
    void aFailedCheckIsSaid() throws IOException {
        ObjectNode product = product();
        ((ObjectNode) product.get("qualityChecks").get(1)).put("result", "FAIL");

        JsonNode page = PublicProducts.disclosed(product, ENERGY, 42, EnumSet.of(Disclosure.CHECKS));
        assertThat(page.get("checksPassed").asBoolean()).isFalse();
    }
}
