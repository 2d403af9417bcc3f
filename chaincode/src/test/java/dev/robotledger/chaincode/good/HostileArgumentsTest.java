package dev.robotledger.chaincode.good;

import static dev.robotledger.chaincode.testing.Scenario.MANUFACTURER;
import static dev.robotledger.chaincode.testing.Scenario.RETAILER;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.robotledger.chaincode.provenance.ProvenanceQueries;
import dev.robotledger.chaincode.testing.ContractHarness;
import dev.robotledger.chaincode.testing.Fixtures;
import dev.robotledger.chaincode.testing.Scenario;
import dev.robotledger.contract.ErrorCode;
import dev.robotledger.contract.FieldRules;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.hyperledger.fabric.shim.ChaincodeException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Arguments an attacker holding a valid identity could send: huge strings, deeply nested JSON,
 * oversized assemblies and very deep assembly chains. Each is refused with a typed error whose
 * message names the offending field or good and stays short; nothing overflows the stack.
 */
class HostileArgumentsTest {

    private final ContractHarness harness = new ContractHarness();
    private final Scenario scenario = new Scenario(harness);

    @BeforeEach
    void enrolRobots() {
        scenario.registerRobot("r1");
    }

    private ChaincodeException produceRefusal(String request) {
        return harness.refusal(MANUFACTURER, (c, ctx) -> c.recordProduction(ctx, "e-hostile", request));
    }

    @Test
    void refusesMegabyteStringsNamingTheFieldWithoutEchoingThem() {
        Map<String, Object> hugeFirmware = Fixtures.production("g-1", "r1", harness.nextTxEpochMillis());
        hugeFirmware.put("firmwareVersion", "f".repeat(4_000_000));
        Map<String, Object> hugeId = Fixtures.production("g".repeat(4_000_000), "r1", harness.nextTxEpochMillis());

        ChaincodeException firmware = produceRefusal(Fixtures.json(hugeFirmware));
        ChaincodeException id = produceRefusal(Fixtures.json(hugeId));

        assertThat(ContractHarness.code(firmware)).isEqualTo(ErrorCode.INVALID_ARGUMENT);
        assertThat(firmware.getMessage()).contains("firmwareVersion").hasSizeLessThan(300);
        assertThat(ContractHarness.code(id)).isEqualTo(ErrorCode.INVALID_ARGUMENT);
        assertThat(id.getMessage()).contains("goodId", "longer than 128").hasSizeLessThan(300);
        assertThat(harness.ledger().events()).noneMatch(event -> event.name().equals("GoodProduced"));
    }

    @Test
    void refusesDeeplyNestedJsonAsInvalidWithoutOverflowingTheStack() {
        String good = Fixtures.json(Fixtures.production("g-1", "r1", harness.nextTxEpochMillis()));
        String nestedParameters = good.replaceFirst(
                "\"processParameters\":\\{[^}]*\\}",
                "\"processParameters\":" + "{\"a\":".repeat(100_000) + "1" + "}".repeat(100_000));
        String nestedArrays = "[".repeat(200_000) + "]".repeat(200_000);

        for (String request : List.of(nestedParameters, nestedArrays)) {
            ChaincodeException refusal = produceRefusal(request);
            assertThat(ContractHarness.code(refusal)).isEqualTo(ErrorCode.INVALID_ARGUMENT);
            assertThat(refusal.getMessage()).contains("ProductionReport").hasSizeLessThan(500);
        }
    }

    @Test
    void refusesAnAssemblyOfMoreThanAThousandPartsBeforeLookingAnyUp() {
        List<Map<String, Object>> parts = IntStream.rangeClosed(0, FieldRules.MAX_PARTS_PER_ASSEMBLY)
                .mapToObj(i -> Fixtures.part("missing-" + i, "made-missing-" + i))
                .toList();

        ChaincodeException refusal = harness.refusal(
                MANUFACTURER,
                (c, ctx) -> c.assembleProduct(
                        ctx,
                        "e-big",
                        Fixtures.json(Fixtures.assembly("prod-big", "r1", harness.nextTxEpochMillis(), parts))));

        assertThat(ContractHarness.code(refusal)).isEqualTo(ErrorCode.INVALID_ARGUMENT);
        assertThat(refusal.getMessage()).contains("1001 parts", "at most 1000");
    }

    @Test
    void refusesProvenanceOfAChainDeeperThanTheCapNamingTheGood() {
        buildChain(ProvenanceQueries.DEPTH_CAP + 2);
        String top = "chain-" + (ProvenanceQueries.DEPTH_CAP + 2);

        ChaincodeException refusal = harness.evaluationRefusal(
                RETAILER,
                (c, ctx) -> c.getProvenance(ctx, top, ProvenanceQueries.DEPTH_CAP, ProvenanceQueries.NODE_CAP));

        assertThat(ContractHarness.code(refusal)).isEqualTo(ErrorCode.PROVENANCE_TOO_LARGE);
        assertThat(refusal.getMessage()).contains(top);
    }

    // The report never refuses what it finds: a tree it cannot walk whole is a reason, so it
    // cannot pass as ELIGIBLE on the part it did walk.
    @Test
    void reportsCollateralDeeperThanTheCapAsTooLargeRatherThanRefusing() {
        buildChain(ProvenanceQueries.DEPTH_CAP + 2);
        String top = "chain-" + (ProvenanceQueries.DEPTH_CAP + 2);

        JsonNode report = Fixtures.tree(harness.evaluate(RETAILER, (c, ctx) -> c.verifyCollateral(ctx, top)));

        assertThat(report.get("verdict").asText()).isEqualTo("NOT_ELIGIBLE");
        List<JsonNode> tooLarge = new ArrayList<>();
        report.get("reasons").forEach(reason -> {
            if (reason.get("code").asText().equals("PROVENANCE_TOO_LARGE")) {
                tooLarge.add(reason);
            }
        });
        assertThat(tooLarge)
                .singleElement()
                .satisfies(reason -> assertThat(reason.get("detail").asText())
                        .contains(top, "deeper than 32", "part chain-1 is at depth 33"));
        assertThat(report.get("checked").get("depth").asInt()).isEqualTo(ProvenanceQueries.DEPTH_CAP);
        assertThat(report.get("checked").get("complete").asBoolean()).isFalse();
    }

    // A chain of a thousand and more legitimate assemblies (each product made of the previous
    // one) is valid state, so a walk up it must end in a typed refusal, not an internal error.
    @Test
    void refusesEncumbranceCollateralAndWhereUsedWalksUpAChainOfMoreThanAThousandAssemblies() {
        buildChain(1_001);

        ChaincodeException encumbrance =
                harness.evaluationRefusal(RETAILER, (c, ctx) -> c.getEncumbrance(ctx, "chain-0"));
        ChaincodeException collateral =
                harness.evaluationRefusal(RETAILER, (c, ctx) -> c.verifyCollateral(ctx, "chain-0"));
        ChaincodeException whereUsed = harness.evaluationRefusal(RETAILER, (c, ctx) -> c.whereUsed(ctx, "chain-0"));

        assertThat(ContractHarness.code(encumbrance)).isEqualTo(ErrorCode.RESULT_TOO_LARGE);
        assertThat(encumbrance.getMessage()).contains("chain-0", "1000");
        assertThat(ContractHarness.code(whereUsed)).isEqualTo(ErrorCode.RESULT_TOO_LARGE);
        assertThat(whereUsed.getMessage()).contains("chain-0", "1000");
        assertThat(ContractHarness.code(collateral)).isEqualTo(ErrorCode.RESULT_TOO_LARGE);
        assertThat(collateral.getMessage()).contains("chain-0", "1000");
        // A recall is bounded by the goods it marks (5,000), not by the chain's height.
        JsonNode recall = Fixtures.tree(harness.submit(
                MANUFACTURER,
                (c, ctx) -> c.recallGood(
                        ctx, "recall-deep", Fixtures.json(Map.of("goodId", "chain-0", "reason", "cracked housing")))));
        assertThat(recall.get("downstreamGoodIds")).hasSize(1_001);
    }

    /** chain-0 produced, then chain-i assembled from chain-(i-1) up to {@code levels}. */
    private void buildChain(int levels) {
        scenario.produce("chain-0", "r1");
        for (int level = 1; level <= levels; level++) {
            scenario.assemble("chain-" + level, "r1", List.of("chain-" + (level - 1)));
        }
    }
}
