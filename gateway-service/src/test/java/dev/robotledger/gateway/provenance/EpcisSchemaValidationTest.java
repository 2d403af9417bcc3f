package dev.robotledger.gateway.provenance;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.ZoneId;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

class EpcisSchemaValidationTest {

    private static final Instant CREATED = Instant.parse("2026-03-02T12:00:00Z");

    private static JsonNode exportOfThreeLevelProduct() {
        ProvenanceTree tree = ProvenanceTree.fromJson(EpcisSchema.text("/provenance/three-level-product.json"));
        return new EpcisExporter(ZoneId.of("Europe/Berlin"))
                .export(tree, CREATED)
                .toJsonNode();
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "Example_9.6.1-ObjectEvent.jsonld",
                "Example_9.6.3-AggregationEvent.jsonld",
                "Example_9.6.4-TransformationEvent.jsonld",
                "Example-TransactionEvents-2020_07_03y.jsonld"
            })
    void gs1sOwnExamplesValidate(String example) {
        assertThat(EpcisSchema.violations(EpcisSchema.resource("/epcis/examples/" + example)))
                .isEmpty();
    }

    @Test
    void exportOfAThreeLevelProductValidatesAgainstGs1sSchema() {
        JsonNode document = exportOfThreeLevelProduct();

        assertThat(EpcisSchema.violations(document)).isEmpty();
        assertThat(document.at("/epcisBody/eventList").size()).isEqualTo(16);
    }

    @Test
    void anEventWithAnUnknownActionFailsNamingItsPath() {
        ObjectNode document = (ObjectNode) exportOfThreeLevelProduct();
        ((ObjectNode) document.at("/epcisBody/eventList/0")).put("action", "MOVE");

        assertThat(EpcisSchema.violations(document))
                .contains("/epcisBody/eventList/0/action: does not have a value in the enumeration "
                        + "[\"OBSERVE\", \"ADD\", \"DELETE\"]");
    }

    @Test
    void anEventWithoutItsTimeZoneOffsetFailsNamingTheProperty() {
        ObjectNode document = (ObjectNode) exportOfThreeLevelProduct();
        ((ObjectNode) document.at("/epcisBody/eventList/3")).remove("eventTimeZoneOffset");

        assertThat(EpcisSchema.violations(document))
                .contains("/epcisBody/eventList/3: required property 'eventTimeZoneOffset' not found");
    }

    @Test
    void anExtensionFieldOutsideAnyVocabularyFails() {
        ObjectNode document = (ObjectNode) exportOfThreeLevelProduct();
        ((ObjectNode) document.at("/epcisBody/eventList/0")).put("robot id", "r-press");

        assertThat(EpcisSchema.violations(document))
                .contains("/epcisBody/eventList/0: property 'robot id' name is "
                        + "not valid: does not match the uri pattern must be a valid RFC 3986 URI");
    }

    /** JSON-LD drops a key that is neither a term of the context nor a compact IRI of a bound prefix. */
    @Test
    void everyKeyOfTheExportIsAGs1TermOrOfOurPrefix() {
        Set<String> gs1Terms = new HashSet<>();
        collectTerms(EpcisSchema.resource("/epcis/epcis-context.jsonld").get("@context"), gs1Terms);
        Set<String> keys = new HashSet<>();
        collectKeys(exportOfThreeLevelProduct(), keys);

        assertThat(keys)
                .isNotEmpty()
                .allSatisfy(key -> assertThat(key.equals("@context")
                                || gs1Terms.contains(key)
                                || key.startsWith(EpcisIdentifiers.PREFIX + ":"))
                        .as("key %s", key)
                        .isTrue());
        assertThat(keys)
                .contains("rl:robot", "rl:firmwareVersion", "rl:energyWh", "rl:anchorBatchId", "rl:anchorMerkleRoot");
    }

    private static void collectTerms(JsonNode context, Set<String> terms) {
        for (Map.Entry<String, JsonNode> entry : context.properties()) {
            terms.add(entry.getKey());
            if (entry.getValue().has("@context")) {
                collectTerms(entry.getValue().get("@context"), terms);
            }
        }
    }

    private static void collectKeys(JsonNode node, Set<String> keys) {
        if (node.isObject()) {
            node.properties().forEach(entry -> {
                if (!entry.getKey().equals("@context")) {
                    keys.add(entry.getKey());
                    collectKeys(entry.getValue(), keys);
                } else {
                    keys.add("@context");
                }
            });
        } else if (node.isArray()) {
            node.forEach(element -> collectKeys(element, keys));
        }
    }
}
