package dev.robotledger.gateway.provenance;

import static dev.robotledger.gateway.provenance.ProvenanceTreeTest.PRODUCT;
import static dev.robotledger.gateway.provenance.ProvenanceTreeTest.edited;
import static dev.robotledger.gateway.provenance.ProvenanceTreeTest.fixture;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.robotledger.contract.Sgtin;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

class EpcisExporterTest {

    private static final Instant CREATED = Instant.parse("2026-03-02T12:00:00Z");
    private final EpcisExporter berlin = new EpcisExporter(ZoneId.of("Europe/Berlin"));

    private static List<JsonNode> events(EpcisDocument document) {
        List<JsonNode> events = new ArrayList<>();
        document.toJsonNode().at("/epcisBody/eventList").forEach(events::add);
        return events;
    }

    private static List<JsonNode> where(List<JsonNode> events, Predicate<JsonNode> test) {
        return events.stream().filter(test).toList();
    }

    private static Predicate<JsonNode> bizStep(String step) {
        return event -> step.equals(event.path("bizStep").asString());
    }

    private EpcisDocument exportOf(String provenanceJson) {
        return berlin.export(ProvenanceTree.fromJson(provenanceJson), CREATED);
    }

    @Test
    void mapsEveryLedgerEventOfAThreeLevelProductToItsEpcisEvent() {
        EpcisDocument document = exportOf(fixture());
        List<JsonNode> events = events(document);

        assertThat(document.eventCount()).isEqualTo(16).isEqualTo(events.size());
        assertThat(where(events, bizStep("commissioning")))
                .hasSize(5)
                .allSatisfy(event -> assertThat(event.get("type").asString() + " "
                                + event.get("action").asString())
                        .isEqualTo("ObjectEvent ADD"));
        assertThat(where(events, bizStep("assembling")))
                .hasSize(3)
                .allSatisfy(event -> assertThat(event.get("type").asString()).isEqualTo("TransformationEvent"));
        assertThat(where(events, bizStep("inspecting")))
                .hasSize(4)
                .allSatisfy(
                        event -> assertThat(event.get("disposition").asString()).isEqualTo("conformant"));
        assertThat(where(events, event -> event.get("type").asString().equals("TransactionEvent")))
                .extracting(event -> event.get("rl:custodyAction").asString() + " "
                        + event.get("action").asString())
                .containsExactly("PROPOSED ADD", "REJECTED DELETE", "PROPOSED ADD", "ACCEPTED OBSERVE");
        assertThat(events).extracting(event -> event.get("eventID").asString()).doesNotHaveDuplicates();
    }

    @Test
    void aThreeLevelProductWithGs1IdentitiesIsNamedByEpcUrisThroughoutAndValidates() {
        EpcisDocument document = exportOf(EpcisSchema.text("/provenance/three-level-product-gs1.json"));
        List<JsonNode> events = events(document);

        assertThat(EpcisSchema.violations(document.toJsonNode())).isEmpty();
        List<String> named = new ArrayList<>();
        for (JsonNode event : events) {
            for (String list : List.of("epcList", "inputEPCList", "outputEPCList")) {
                event.path(list).forEach(epc -> named.add(epc.asString()));
            }
        }
        assertThat(named)
                .isNotEmpty()
                .allSatisfy(epc -> assertThat(Sgtin.fromEpcUri(epc)).as(epc).isPresent());
        assertThat(named)
                .contains(
                        "urn:epc:id:sgtin:9506000.013437.x.1",
                        "urn:epc:id:sgtin:9506000.013436.f.1",
                        "urn:epc:id:sgtin:9506000.013435.p.1");
        assertThat(where(events, bizStep("commissioning")))
                .hasSize(3)
                .allSatisfy(
                        event -> assertThat(event.at("/ilmd/cbvmda:lotNumber").asString())
                                .isEqualTo("LOT-42"));
        assertThat(where(events, bizStep("assembling")))
                .hasSize(2)
                .allSatisfy(event -> assertThat(
                                event.has("ilmd") && event.get("ilmd").has("cbvmda:lotNumber"))
                        .isFalse());
    }

    @Test
    void assemblyTurnsItsPartsIntoTheProductAtTheRobotsStation() {
        List<JsonNode> assemblies = where(events(exportOf(fixture())), bizStep("assembling"));
        JsonNode product = assemblies.get(2);

        assertThat(product.get("inputEPCList"))
                .extracting(JsonNode::asString)
                .containsExactly(
                        "urn:robotledger:good:frame-S1",
                        "urn:robotledger:good:frame-S2",
                        "urn:robotledger:good:cover-3");
        assertThat(product.get("outputEPCList")).extracting(JsonNode::asString).containsExactly(PRODUCT);
        assertThat(product.at("/readPoint/id").asString())
                .isEqualTo("urn:robotledger:location:plant-1:line-2:st-r-asm");
        assertThat(product.at("/bizLocation/id").asString()).isEqualTo("urn:robotledger:location:plant-1:line-2");
        assertThat(product.get("rl:robot").asString()).isEqualTo("urn:robotledger:robot:r-asm");
        assertThat(product.at("/ilmd/rl:firmwareVersion").asString()).isEqualTo("fw-3.4.1");
        assertThat(product.at("/ilmd/rl:energyWh").asDouble()).isEqualTo(18.25);
        assertThat(product.get("rl:anchorBatchId").asString()).isEqualTo("batch-1");
        assertThat(product.get("rl:anchorMerkleRoot").asString()).hasSize(64);
        assertThat(product.at("/sensorElementList/0/sensorMetadata/deviceID").asString())
                .isEqualTo("urn:robotledger:robot:r-asm");
        assertThat(product.at("/sensorElementList/0/sensorReport"))
                .extracting(report -> report.get("type").asString() + "="
                        + report.get("value").asDouble())
                .containsExactly("rl:temperatureC=41.0", "rl:torqueNm=12.5");
        assertThat(product.get("eventID").asString()).isEqualTo("urn:robotledger:event:evt-13");
        assertThat(product.get("rl:ledgerTxId").asString()).isEqualTo("tx000013");
        assertThat(assemblies.get(0).get("inputEPCList"))
                .extracting(JsonNode::asString)
                .containsExactly("urn:epc:id:sgtin:0614141.107346.1001", "urn:epc:id:sgtin:0614141.107346.1002");
    }

    @Test
    void aTransferIsOneBusinessTransactionBetweenOwningParties() {
        List<JsonNode> custody = where(
                events(exportOf(fixture())),
                event -> event.get("type").asString().equals("TransactionEvent"));

        assertThat(custody)
                .extracting(event ->
                        event.at("/bizTransactionList/0/bizTransaction").asString())
                .containsExactly(
                        "urn:robotledger:transfer:evt-15",
                        "urn:robotledger:transfer:evt-15",
                        "urn:robotledger:transfer:evt-17",
                        "urn:robotledger:transfer:evt-17");
        JsonNode accepted = custody.get(3);
        assertThat(accepted.get("bizStep").asString()).isEqualTo("accepting");
        assertThat(accepted.at("/sourceList/0/type").asString()).isEqualTo("owning_party");
        assertThat(accepted.at("/sourceList/0/source").asString()).isEqualTo("urn:robotledger:org:ManufacturerMSP");
        assertThat(accepted.at("/destinationList/0/destination").asString())
                .isEqualTo("urn:robotledger:org:RetailerMSP");
        assertThat(accepted.get("epcList")).extracting(JsonNode::asString).containsExactly(PRODUCT);
    }

    @Test
    void aLiquidationHandsTheGoodToTheLenderInItsOwnTransaction() {
        String liquidated = edited(root -> ((ArrayNode) root.at("/tree/good/custodyHistory"))
                .addObject()
                .put("action", "LIQUIDATED")
                .put("fromOrg", "RetailerMSP")
                .put("toOrg", "LenderMSP")
                .put("atEpochMillis", 1_772_460_000_000L)
                .put("txId", "tx000050")
                .put("eventId", "evt-50"));

        EpcisDocument document = exportOf(liquidated);
        JsonNode last = events(document).get(document.eventCount() - 1);

        assertThat(last.get("type").asString()).isEqualTo("TransactionEvent");
        assertThat(last.get("action").asString()).isEqualTo("ADD");
        assertThat(last.get("bizStep").asString()).isEqualTo("accepting");
        assertThat(last.at("/bizTransactionList/0/bizTransaction").asString())
                .isEqualTo("urn:robotledger:liquidation:evt-50");
        assertThat(last.at("/destinationList/0/destination").asString()).isEqualTo("urn:robotledger:org:LenderMSP");
        assertThat(EpcisSchema.violations(document.toJsonNode())).isEmpty();
    }

    @Test
    void aFailedCheckIsNonConformantAndStillValid() {
        String failed = edited(root -> ((ObjectNode) root.at("/tree/good/qualityChecks/1")).put("result", "FAIL"));

        EpcisDocument document = exportOf(failed);
        JsonNode check = where(events(document), bizStep("inspecting")).get(3);

        assertThat(check.get("disposition").asString()).isEqualTo("non_conformant");
        assertThat(check.get("rl:qualityResult").asString()).isEqualTo("FAIL");
        assertThat(check.get("rl:inspectedBy").asString()).isEqualTo("urn:robotledger:org:RetailerMSP");
        assertThat(check.at("/sensorElementList/0/sensorReport/0/value").asDouble())
                .isEqualTo(12.01);
        assertThat(EpcisSchema.violations(document.toJsonNode())).isEmpty();
    }

    @Test
    void aRecallIsOneEventOverEveryGoodItReached() {
        String recalled = edited(root -> {
            for (String path : List.of("/tree/good", "/tree/parts/0/good")) {
                ((ObjectNode) root.at(path))
                        .putObject("recall")
                        .put("recallId", "evt-40")
                        .put("reason", "bad weld")
                        .put("downstream", true)
                        .put("atEpochMillis", 1_772_460_000_000L);
            }
        });

        EpcisDocument document = exportOf(recalled);
        List<JsonNode> recalls = where(
                events(document), event -> event.path("disposition").asString().equals("recalled"));

        assertThat(recalls).singleElement().satisfies(recall -> {
            assertThat(recall.get("epcList"))
                    .extracting(JsonNode::asString)
                    .containsExactly("urn:robotledger:good:frame-S1", PRODUCT);
            assertThat(recall.get("rl:recallReason").asString()).isEqualTo("bad weld");
        });
        assertThat(EpcisSchema.violations(document.toJsonNode())).isEmpty();
    }

    @Test
    void theSameProvenanceGivesTheSameBytesInTimeOrder() {
        EpcisDocument first = exportOf(fixture());
        EpcisDocument second = exportOf(fixture());

        assertThat(second.canonicalJson()).isEqualTo(first.canonicalJson());
        assertThat(first.canonicalJson()).doesNotContain("\n", " \"").startsWith("{\"@context\":[");
        List<Instant> times = events(first).stream()
                .map(event -> java.time.OffsetDateTime.parse(
                                event.get("eventTime").asString())
                        .toInstant())
                .toList();
        assertThat(times).isSorted();
    }

    @Test
    void theOrderOfMeasurementsInTheLedgerJsonDoesNotChangeTheBytes() {
        String reordered = edited(root -> {
            ObjectNode production = (ObjectNode) root.at("/tree/good/production");
            production.putObject("processParameters").put("torqueNm", 12.5).put("temperatureC", 41.0);
        });

        assertThat(fixture()).containsPattern("\"temperatureC\" : 41.0,\\s+\"torqueNm\" : 12.5");
        assertThat(exportOf(reordered).canonicalJson())
                .isEqualTo(exportOf(fixture()).canonicalJson());
    }

    @Test
    void eventTimesCarryTheFactoryZonesOffset() {
        JsonNode inBerlin = events(exportOf(fixture())).get(0);
        JsonNode inUtc = events(new EpcisExporter(ZoneOffset.UTC).export(ProvenanceTree.fromJson(fixture()), CREATED))
                .get(0);
        JsonNode inSummer = events(new EpcisExporter(ZoneId.of("America/New_York"))
                        .export(
                                ProvenanceTree.fromJson(
                                        edited(root -> ((ObjectNode) root.at("/tree/parts/0/parts/0/good/production"))
                                                .put("producedAtEpochMillis", 1_783_000_000_000L))),
                                CREATED))
                .get(15);

        assertThat(inBerlin.get("eventTime").asString()).isEqualTo("2026-03-02T09:01:03.000+01:00");
        assertThat(inBerlin.get("eventTimeZoneOffset").asString()).isEqualTo("+01:00");
        assertThat(inUtc.get("eventTime").asString()).isEqualTo("2026-03-02T08:01:03.000Z");
        assertThat(inUtc.get("eventTimeZoneOffset").asString()).isEqualTo("+00:00");
        assertThat(inSummer.get("eventTimeZoneOffset").asString()).isEqualTo("-04:00");
        assertThat(inSummer.at("/epcList/0").asString()).isEqualTo("urn:epc:id:sgtin:0614141.107346.1001");
    }

    @Test
    void refusesACustodyDecisionWithoutAProposalNamingTheGood() {
        String broken = edited(root -> ((ArrayNode) root.at("/tree/good/custodyHistory")).remove(1));
        ProvenanceTree tree = ProvenanceTree.fromJson(broken);

        assertThatThrownBy(() -> berlin.export(tree, CREATED))
                .isInstanceOf(ProvenanceFormatException.class)
                .hasMessage("good " + PRODUCT + ": custody entry REJECTED (event evt-16) closes no proposed transfer");
    }

    @Test
    void plainSerialsBecomeProjectUrnsWithTheirCharactersEncoded() {
        assertThat(EpcisIdentifiers.good("urn:epc:id:sgtin:0614141.107346.2017"))
                .isEqualTo("urn:epc:id:sgtin:0614141.107346.2017");
        assertThat(EpcisIdentifiers.good("bolt-7")).isEqualTo("urn:robotledger:good:bolt-7");
        assertThat(EpcisIdentifiers.good("lot:7/a%b\"ä")).isEqualTo("urn:robotledger:good:lot%3A7%2Fa%25b%22%C3%A4");
        assertThat(EpcisIdentifiers.term("diameter mm")).isEqualTo("rl:diameter%20mm");
        assertThatThrownBy(() -> EpcisIdentifiers.good("urn:epc:id:sgtin:0614141 107346"))
                .isInstanceOf(ProvenanceFormatException.class)
                .hasMessageContaining("good urn:epc:id:sgtin:0614141 107346 is not a valid SGTIN URN");
    }
}
