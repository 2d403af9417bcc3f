package dev.robotledger.gateway.provenance;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class Gs1IdentityTest {

    @Test
    void aGoodWithGs1KeysShowsItsEpcUriAndDigitalLink() {
        JsonNode product =
                EpcisSchema.resource("/provenance/three-level-product-gs1.json").at("/tree/good");
        JsonNode part =
                EpcisSchema.resource("/provenance/three-level-product-gs1.json").at("/tree/parts/0/parts/0/good");

        assertThat(Gs1Identity.of(product))
                .contains(new Gs1Identity(
                        "09506000134376",
                        "x.1",
                        null,
                        "urn:epc:id:sgtin:9506000.013437.x.1",
                        "/01/09506000134376/21/x.1"));
        assertThat(Gs1Identity.of(part)).hasValueSatisfying(identity -> {
            assertThat(identity.lot()).isEqualTo("LOT-42");
            assertThat(identity.digitalLink()).startsWith("/01/09506000134352/21/p.");
        });
    }

    @Test
    void aGoodWithAPlainIdHasNone() {
        JsonNode plain =
                EpcisSchema.resource("/provenance/three-level-product.json").at("/tree/parts/0/good");

        assertThat(plain.get("id").asString()).isEqualTo("frame-S1");
        assertThat(Gs1Identity.of(plain)).isEmpty();
    }
}
