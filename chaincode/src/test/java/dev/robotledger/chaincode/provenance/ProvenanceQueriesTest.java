package dev.robotledger.chaincode.provenance;

import static dev.robotledger.chaincode.testing.Scenario.LENDER;
import static dev.robotledger.chaincode.testing.Scenario.MANUFACTURER;
import static dev.robotledger.chaincode.testing.Scenario.RETAILER;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import dev.robotledger.chaincode.testing.ContractHarness;
import dev.robotledger.chaincode.testing.Fixtures;
import dev.robotledger.chaincode.testing.Scenario;
import dev.robotledger.contract.ErrorCode;
import java.util.ArrayList;
import java.util.List;
import org.hyperledger.fabric.shim.ChaincodeException;
import org.junit.jupiter.api.Test;

class ProvenanceQueriesTest {

    private final ContractHarness harness = new ContractHarness();
    private final Scenario scenario = new Scenario(harness);

    /** Parts a1, a2 -> S1; b1, b2 -> S2; S1, S2, c1 -> P; P shipped to the retailer. */
    private void buildThreeLevelProduct() {
        scenario.registerRobot("r-press");
        scenario.registerRobot("r-asm");
        for (String part : List.of("a1", "a2", "b1", "b2", "c1")) {
            scenario.produce(part, "r-press");
        }
        scenario.qualityCheck(MANUFACTURER, "a1", "PASS");
        scenario.assemble("S1", "r-asm", List.of("a1", "a2"));
        scenario.assemble("S2", "r-asm", List.of("b1", "b2"));
        scenario.assemble("P", "r-asm", List.of("S1", "S2", "c1"));
        scenario.transfer("P", MANUFACTURER, RETAILER);
    }

    private JsonNode provenance(String goodId, int maxDepth, int maxNodes) {
        return Fixtures.tree(harness.evaluate(LENDER, (c, ctx) -> c.getProvenance(ctx, goodId, maxDepth, maxNodes)));
    }

    @Test
    void tracesAThreeLevelProductDownToRawParts() {
        buildThreeLevelProduct();

        JsonNode provenance = provenance("P", 5, 100);

        assertThat(provenance.get("nodeCount").asInt()).isEqualTo(8);
        assertThat(provenance.get("depth").asInt()).isEqualTo(2);
        JsonNode root = provenance.get("tree");
        assertThat(root.get("good").get("id").asText()).isEqualTo("P");
        assertThat(root.get("robot").get("id").asText()).isEqualTo("r-asm");
        assertThat(root.get("good").get("custodyHistory").findValuesAsText("action"))
                .containsExactly("PRODUCED", "PROPOSED", "ACCEPTED");
        assertThat(root.get("parts").findValuesAsText("depth")).contains("1");
        List<String> level1 = new ArrayList<>();
        root.get("parts").forEach(node -> level1.add(node.get("good").get("id").asText()));
        assertThat(level1).containsExactly("S1", "S2", "c1");
        JsonNode a1 = root.get("parts").get(0).get("parts").get(0);
        assertThat(a1.get("depth").asInt()).isEqualTo(2);
        assertThat(a1.get("good").get("id").asText()).isEqualTo("a1");
        assertThat(a1.get("good").get("production").get("station").asText()).isEqualTo("st-r-press");
        assertThat(a1.get("good")
                        .get("production")
                        .get("processParameters")
                        .get("torqueNm")
                        .asDouble())
                .isEqualTo(12.5);
        assertThat(a1.get("good").get("qualityChecks").get(0).get("result").asText())
                .isEqualTo("PASS");
        assertThat(a1.get("robot").get("model").asText()).isEqualTo("UR10e");
        assertThat(a1.get("robot").has("publicKeyPem")).isFalse();
        assertThat(a1.get("parts")).isEmpty();
    }

    @Test
    void refusesTreesBeyondTheCallersBoundsNamingTheGood() {
        buildThreeLevelProduct();

        ChaincodeException tooDeep = catchThrowableOfType(ChaincodeException.class, () -> provenance("P", 1, 100));
        ChaincodeException tooMany = catchThrowableOfType(ChaincodeException.class, () -> provenance("P", 5, 7));

        assertThat(ContractHarness.code(tooDeep)).isEqualTo(ErrorCode.PROVENANCE_TOO_LARGE);
        assertThat(tooDeep.getMessage()).contains("P", "maxDepth 1");
        assertThat(ContractHarness.code(tooMany)).isEqualTo(ErrorCode.PROVENANCE_TOO_LARGE);
        assertThat(tooMany.getMessage()).contains("P", "maxNodes 7");
        assertThat(provenance("P", 2, 8).get("nodeCount").asInt()).isEqualTo(8);
    }

    @Test
    void refusesBoundsOutsideTheCaps() {
        buildThreeLevelProduct();

        assertThat(ContractHarness.code(catchThrowableOfType(
                        ChaincodeException.class, () -> provenance("P", ProvenanceQueries.DEPTH_CAP + 1, 10))))
                .isEqualTo(ErrorCode.INVALID_ARGUMENT);
        assertThat(ContractHarness.code(catchThrowableOfType(
                        ChaincodeException.class, () -> provenance("P", 3, ProvenanceQueries.NODE_CAP + 1))))
                .isEqualTo(ErrorCode.INVALID_ARGUMENT);
        assertThat(ContractHarness.code(
                        catchThrowableOfType(ChaincodeException.class, () -> provenance("nope", 3, 10))))
                .isEqualTo(ErrorCode.GOOD_NOT_FOUND);
    }

    @Test
    void recordsAndTracesAThousandComponentProductOfDepthFour() {
        scenario.registerRobot("r-part");
        scenario.registerRobot("r-asm");
        List<String> level3 = new ArrayList<>();
        for (int group = 0; group < 100; group++) {
            List<String> parts = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                String part = "urn:epc:id:sgtin:0614141.107346." + (group * 10 + i);
                scenario.produce(part, "r-part");
                parts.add(part);
            }
            String module = "module-" + group;
            scenario.assemble(module, "r-asm", parts);
            level3.add(module);
        }
        List<String> level2 = new ArrayList<>();
        for (int unit = 0; unit < 10; unit++) {
            String id = "unit-" + unit;
            scenario.assemble(id, "r-asm", level3.subList(unit * 10, unit * 10 + 10));
            level2.add(id);
        }
        scenario.assemble("half-0", "r-asm", level2.subList(0, 5));
        scenario.assemble("half-1", "r-asm", level2.subList(5, 10));
        scenario.assemble("machine", "r-asm", List.of("half-0", "half-1"));

        long started = System.nanoTime();
        String json = harness.evaluate(LENDER, (c, ctx) -> c.getProvenance(ctx, "machine", 4, 1113));
        long micros = (System.nanoTime() - started) / 1_000;
        JsonNode provenance = Fixtures.tree(json);

        assertThat(provenance.get("nodeCount").asInt()).isEqualTo(1 + 2 + 10 + 100 + 1000);
        assertThat(provenance.get("depth").asInt()).isEqualTo(4);
        assertThat(provenance.findValuesAsText("id").stream().filter(id -> id.startsWith("urn:epc:id:sgtin:")))
                .hasSize(1000);
        System.out.printf(
                "provenance of 1,113 goods (depth 4) on the in-memory stub: %d ms, %d bytes of JSON%n",
                micros / 1_000, json.length());
        assertThat(ContractHarness.code(
                        catchThrowableOfType(ChaincodeException.class, () -> provenance("machine", 3, 5_000))))
                .isEqualTo(ErrorCode.PROVENANCE_TOO_LARGE);
        assertThat(ContractHarness.code(
                        catchThrowableOfType(ChaincodeException.class, () -> provenance("machine", 4, 1_112))))
                .isEqualTo(ErrorCode.PROVENANCE_TOO_LARGE);
    }

    @Test
    void returnsEveryCommittedVersionOfAGoodNewestFirst() {
        scenario.registerRobot("r1");
        scenario.produce("g1", "r1");
        scenario.qualityCheck(MANUFACTURER, "g1", "PASS");
        scenario.transfer("g1", MANUFACTURER, RETAILER);

        JsonNode history = Fixtures.tree(harness.evaluate(LENDER, (c, ctx) -> c.getGoodHistory(ctx, "g1")));

        assertThat(history).hasSize(4);
        assertThat(history.get(0).get("value").get("custodianOrg").asText()).isEqualTo(RETAILER);
        assertThat(history.get(3).get("value").get("custodyHistory")).hasSize(1);
        assertThat(history.get(0).get("timestampEpochMillis").asLong())
                .isGreaterThan(history.get(3).get("timestampEpochMillis").asLong());
        List<String> txIds = new ArrayList<>();
        history.forEach(version -> txIds.add(version.get("txId").asText()));
        assertThat(txIds).doesNotHaveDuplicates();
        assertThat(history.get(0).get("deleted").asBoolean()).isFalse();
    }
}
