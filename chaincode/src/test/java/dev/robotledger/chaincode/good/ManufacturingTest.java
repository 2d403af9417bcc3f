package dev.robotledger.chaincode.good;

import static dev.robotledger.chaincode.testing.Scenario.MANUFACTURER;
import static dev.robotledger.chaincode.testing.Scenario.RETAILER;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import dev.robotledger.chaincode.ledger.WorldState;
import dev.robotledger.chaincode.testing.ContractHarness;
import dev.robotledger.chaincode.testing.Fixtures;
import dev.robotledger.chaincode.testing.Scenario;
import dev.robotledger.contract.ErrorCode;
import java.util.List;
import java.util.Map;
import org.hyperledger.fabric.shim.ChaincodeException;
import org.hyperledger.fabric.shim.ext.sbe.impl.StateBasedEndorsementFactory;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ManufacturingTest {

    private final ContractHarness harness = new ContractHarness();
    private final Scenario scenario = new Scenario(harness);

    @BeforeEach
    void enrolRobots() {
        scenario.registerRobot("r1");
        scenario.registerRobot("r-asm");
    }

    @Test
    void recordsProductionWithRobotStationParametersAndCustody() {
        long producedAt = harness.nextTxEpochMillis() - 60_000;

        JsonNode good = Fixtures.tree(scenario.produce("urn:epc:id:sgtin:0614141.107346.2017", "r1", producedAt));

        assertThat(good.get("id").asText()).isEqualTo("urn:epc:id:sgtin:0614141.107346.2017");
        assertThat(good.get("status").asText()).isEqualTo("ACTIVE");
        assertThat(good.get("custodianOrg").asText()).isEqualTo(MANUFACTURER);
        JsonNode production = good.get("production");
        assertThat(production.get("robotId").asText()).isEqualTo("r1");
        assertThat(production.get("station").asText()).isEqualTo("st-r1");
        assertThat(production.get("producerOrg").asText()).isEqualTo(MANUFACTURER);
        assertThat(production.get("producedAtEpochMillis").asLong()).isEqualTo(producedAt);
        assertThat(production.get("firmwareVersion").asText()).isEqualTo("fw-3.4.1");
        assertThat(production.get("processParameters").toString())
                .isEqualTo("{\"temperatureC\":41.0,\"torqueNm\":12.5}");
        assertThat(production.get("energyWh").asDouble()).isEqualTo(18.25);
        assertThat(production.get("telemetryAnchor").get("merkleRoot").asText()).isEqualTo(Fixtures.MERKLE_ROOT);
        assertThat(good.get("custodyHistory").get(0).get("action").asText()).isEqualTo("PRODUCED");
        assertThat(harness.lastEvent())
                .hasValueSatisfying(event -> assertThat(event.name()).isEqualTo("GoodProduced"));
    }

    @Test
    void writesStateWithSortedKeysSoEveryPeerWritesTheSameBytes() {
        String good = scenario.produce("g1", "r1");

        assertThat(good).startsWith("{\"custodianOrg\":").contains("\"partIds\":[],\"production\":{\"energyWh\":");
        assertThat(harness.evaluate(RETAILER, (c, ctx) -> c.getGood(ctx, "g1"))).isEqualTo(good);
    }

    @Test
    void makesTheCustodianTheEndorserOfANewGood() {
        scenario.produce("g1", "r1");

        byte[] policy = harness.validationParameter("good", "g1");
        assertThat(StateBasedEndorsementFactory.getInstance()
                        .newStateBasedEndorsement(policy)
                        .listOrgs())
                .containsExactly(MANUFACTURER);
    }

    @Test
    void refusesProductionByAnUnknownOrRevokedRobot() {
        assertThat(harness.refusal(
                        MANUFACTURER,
                        (c, ctx) -> c.recordProduction(ctx, "e1", Fixtures.json(Fixtures.production("g1", "r404", 0)))))
                .hasMessageContaining("r404")
                .satisfies(refusal -> assertThat(ContractHarness.code(refusal)).isEqualTo(ErrorCode.ROBOT_NOT_FOUND));

        harness.submit(
                MANUFACTURER,
                (c, ctx) -> c.revokeRobot(
                        ctx, "e-revoke", Fixtures.json(Map.of("robotId", "r1", "reason", "worn gripper"))));
        assertThat(harness.refusalCode(
                        MANUFACTURER,
                        (c, ctx) -> c.recordProduction(ctx, "e2", Fixtures.json(Fixtures.production("g1", "r1", 0)))))
                .isEqualTo(ErrorCode.ROBOT_REVOKED);
    }

    @Test
    void refusesRecordingTheSameGoodTwice() {
        scenario.produce("g1", "r1");

        ChaincodeException refusal = harness.refusal(
                MANUFACTURER,
                (c, ctx) -> c.recordProduction(ctx, "e-new", Fixtures.json(Fixtures.production("g1", "r1", 0))));

        assertThat(ContractHarness.code(refusal)).isEqualTo(ErrorCode.GOOD_ALREADY_EXISTS);
        assertThat(refusal.getMessage()).contains("g1");
    }

    @Test
    void refusesProductionTimesAheadOfTheTransaction() {
        long tooLate = harness.nextTxEpochMillis() + Manufacturing.MAX_CLOCK_LEAD_MILLIS + 1_000;

        assertThat(harness.refusal(
                        MANUFACTURER,
                        (c, ctx) ->
                                c.recordProduction(ctx, "e1", Fixtures.json(Fixtures.production("g1", "r1", tooLate)))))
                .hasMessageContaining("g1")
                .satisfies(refusal -> assertThat(ContractHarness.code(refusal)).isEqualTo(ErrorCode.INVALID_ARGUMENT));
    }

    @ParameterizedTest
    @ValueSource(
            strings = {"SN-000123", "urn:epc:id:sgtin:0614141.107346.2017", "urn:epc:id:sgtin:061414112345.1.A%2F1"})
    void acceptsPlainSerialsAndSgtinUrns(String goodId) {
        JsonNode good = Fixtures.tree(scenario.produce(goodId, "r1"));

        assertThat(good.get("id").asText()).isEqualTo(goodId);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "",
                "g 1",
                "g\u00001",
                "g\n1",
                "gär",
                "urn:epc:id:sgtin:0614141.10734.2017",
                "urn:epc:id:sscc:0614141.1234567890"
            })
    void refusesMalformedGoodIds(String goodId) {
        ChaincodeException refusal = harness.refusal(
                MANUFACTURER,
                (c, ctx) -> c.recordProduction(ctx, "e1", Fixtures.json(Fixtures.production(goodId, "r1", 0))));

        assertThat(ContractHarness.code(refusal)).isEqualTo(ErrorCode.INVALID_ARGUMENT);
        assertThat(refusal.getMessage()).contains("goodId");
    }

    @Test
    void refusesOverlongGoodIds() {
        String goodId = "g".repeat(129);

        assertThat(harness.refusal(
                        MANUFACTURER,
                        (c, ctx) -> c.recordProduction(ctx, "e1", Fixtures.json(Fixtures.production(goodId, "r1", 0)))))
                .hasMessageContaining("longer than 128");
    }

    @Test
    void refusesInvalidParametersEnergyAndAnchor() {
        Map<String, Object> negativeEnergy = Fixtures.production("g1", "r1", 0);
        negativeEnergy.put("energyWh", -1.0);
        Map<String, Object> badParameterName = Fixtures.production("g1", "r1", 0);
        badParameterName.put("processParameters", Map.of("torque Nm", 1.0));
        Map<String, Object> badRoot = Fixtures.production("g1", "r1", 0);
        badRoot.put("telemetryAnchor", Map.of("batchId", "b1", "merkleRoot", "ABC"));

        for (Map<String, Object> request : List.of(negativeEnergy, badParameterName, badRoot)) {
            assertThat(harness.refusalCode(
                            MANUFACTURER, (c, ctx) -> c.recordProduction(ctx, "e1", Fixtures.json(request))))
                    .isEqualTo(ErrorCode.INVALID_ARGUMENT);
        }
    }

    @Test
    void namesTheInvalidFieldOfANestedProductAndRefusesNullRequests() {
        scenario.produce("p1", "r1");
        Map<String, Object> assembly =
                Fixtures.assembly("prod", "r-asm", harness.nextTxEpochMillis(), Scenario.parts("p1"));
        @SuppressWarnings("unchecked")
        Map<String, Object> product = (Map<String, Object>) assembly.get("product");
        product.put("energyWh", -5.0);

        ChaincodeException refusal =
                harness.refusal(MANUFACTURER, (c, ctx) -> c.assembleProduct(ctx, "e1", Fixtures.json(assembly)));

        assertThat(ContractHarness.code(refusal)).isEqualTo(ErrorCode.INVALID_ARGUMENT);
        assertThat(refusal.getMessage()).contains("energyWh", "-5.0");
        assertThat(harness.refusalCode(MANUFACTURER, (c, ctx) -> c.recordProduction(ctx, "e2", "null")))
                .isEqualTo(ErrorCode.INVALID_ARGUMENT);
    }

    @Test
    void assemblesProductThatListsItsPartsAndMarksThemConsumed() {
        scenario.produce("p1", "r1");
        scenario.produce("p2", "r1");

        JsonNode product = Fixtures.tree(scenario.assemble("prod-1", "r-asm", List.of("p1", "p2")));

        assertThat(product.get("partIds").toString()).isEqualTo("[\"p1\",\"p2\"]");
        assertThat(product.get("status").asText()).isEqualTo("ACTIVE");
        for (String part : List.of("p1", "p2")) {
            JsonNode consumed = Fixtures.tree(harness.evaluate(RETAILER, (c, ctx) -> c.getGood(ctx, part)));
            assertThat(consumed.get("status").asText()).isEqualTo("CONSUMED");
            assertThat(consumed.get("parentId").asText()).isEqualTo("prod-1");
        }
        assertThat(harness.lastEvent()).hasValueSatisfying(event -> {
            assertThat(event.name()).isEqualTo("ProductAssembled");
            assertThat(Fixtures.tree(new String(event.payload()))
                            .get("relatedIds")
                            .toString())
                    .isEqualTo("[\"p1\",\"p2\"]");
        });
    }

    @Test
    void refusesConsumingAPartTwice() {
        scenario.produce("p1", "r1");
        scenario.produce("p2", "r1");
        scenario.assemble("prod-1", "r-asm", List.of("p1"));

        ChaincodeException refusal = harness.refusal(
                MANUFACTURER,
                (c, ctx) -> c.assembleProduct(
                        ctx,
                        "e-2",
                        Fixtures.json(Fixtures.assembly(
                                "prod-2", "r-asm", harness.nextTxEpochMillis(), Scenario.parts("p2", "p1")))));

        assertThat(ContractHarness.code(refusal)).isEqualTo(ErrorCode.PART_ALREADY_CONSUMED);
        assertThat(refusal.getMessage()).contains("p1", "prod-1");
        assertThat(Fixtures.tree(harness.evaluate(RETAILER, (c, ctx) -> c.getGood(ctx, "p2")))
                        .get("status")
                        .asText())
                .isEqualTo("ACTIVE");
    }

    @Test
    void refusesAProductListedAmongItsOwnParts() {
        scenario.produce("p1", "r1");

        ChaincodeException refusal = harness.refusal(
                MANUFACTURER,
                (c, ctx) -> c.assembleProduct(
                        ctx,
                        "e-1",
                        Fixtures.json(
                                Fixtures.assembly("p1", "r-asm", harness.nextTxEpochMillis(), Scenario.parts("p1")))));

        assertThat(ContractHarness.code(refusal)).isEqualTo(ErrorCode.ASSEMBLY_CYCLE);
        assertThat(refusal.getMessage()).contains("p1");
    }

    @Test
    void refusesAssemblyOfMissingDuplicatedOrAbsentParts() {
        scenario.produce("p1", "r1");
        long now = harness.nextTxEpochMillis();

        assertThat(harness.refusal(
                        MANUFACTURER,
                        (c, ctx) -> c.assembleProduct(
                                ctx,
                                "e-1",
                                Fixtures.json(Fixtures.assembly("prod", "r-asm", now, Scenario.parts("p1", "p404"))))))
                .hasMessageContaining("p404")
                .satisfies(refusal -> assertThat(ContractHarness.code(refusal)).isEqualTo(ErrorCode.GOOD_NOT_FOUND));
        assertThat(harness.refusal(
                        MANUFACTURER,
                        (c, ctx) -> c.assembleProduct(
                                ctx,
                                "e-2",
                                Fixtures.json(Fixtures.assembly("prod", "r-asm", now, Scenario.parts("p1", "p1"))))))
                .hasMessageContaining("twice");
        assertThat(harness.refusalCode(
                        MANUFACTURER,
                        (c, ctx) -> c.assembleProduct(
                                ctx, "e-3", Fixtures.json(Fixtures.assembly("prod", "r-asm", now, Scenario.parts())))))
                .isEqualTo(ErrorCode.INVALID_ARGUMENT);
    }

    @Test
    void refusesPartsHeldByAnotherOrg() {
        scenario.produce("p1", "r1");
        scenario.transfer("p1", MANUFACTURER, RETAILER);

        ChaincodeException refusal = harness.refusal(
                MANUFACTURER,
                (c, ctx) -> c.assembleProduct(
                        ctx,
                        "e-1",
                        Fixtures.json(Fixtures.assembly(
                                "prod", "r-asm", harness.nextTxEpochMillis(), Scenario.parts("p1")))));

        assertThat(ContractHarness.code(refusal)).isEqualTo(ErrorCode.NOT_CUSTODIAN);
        assertThat(refusal.getMessage()).contains("p1", RETAILER);
    }

    @Test
    void refusesQuarantinedParts() {
        scenario.produce("p1", "r1");
        scenario.qualityCheck(MANUFACTURER, "p1", "FAIL");

        assertThat(harness.refusalCode(
                        MANUFACTURER,
                        (c, ctx) -> c.assembleProduct(
                                ctx,
                                "e-1",
                                Fixtures.json(Fixtures.assembly(
                                        "prod", "r-asm", harness.nextTxEpochMillis(), Scenario.parts("p1"))))))
                .isEqualTo(ErrorCode.GOOD_QUARANTINED);
    }

    @Test
    void refusesPartsProducedAfterTheProduct() {
        scenario.produce("p1", "r1", harness.nextTxEpochMillis() + 120_000);

        assertThat(harness.refusal(
                        MANUFACTURER,
                        (c, ctx) -> c.assembleProduct(
                                ctx,
                                "e-1",
                                Fixtures.json(Fixtures.assembly(
                                        "prod", "r-asm", harness.nextTxEpochMillis(), Scenario.parts("p1"))))))
                .hasMessageContaining("p1")
                .hasMessageContaining("after");
    }

    @Test
    void listsRobotOutputInATimeWindowFromTheIndex() {
        long day = 86_400_000L;
        long start = harness.nextTxEpochMillis() - 3 * day;
        scenario.produce("a", "r1", start);
        scenario.produce("b", "r1", start + day);
        scenario.produce("c", "r1", start + 2 * day);
        scenario.produce("other", "r-asm", start + day);

        JsonNode output = Fixtures.tree(
                harness.evaluate(RETAILER, (c, ctx) -> c.goodsByRobot(ctx, "r1", start + 1, start + 2 * day)));

        assertThat(output.findValuesAsText("goodId")).containsExactly("b", "c");
        assertThat(output.get(0).get("producedAtEpochMillis").asLong()).isEqualTo(start + day);
    }

    @Test
    void refusesRobotOutputBeyondTheResultBoundOrOfUnknownRobots() {
        long start = harness.nextTxEpochMillis() - 10_000;
        for (String good : List.of("a", "b", "c")) {
            scenario.produce(good, "r1", start);
        }
        Goods goods = new Goods(2);

        ChaincodeException tooMany = catchThrowableOfType(
                ChaincodeException.class,
                () -> harness.submitWith(RETAILER, stub -> goods.producedBy(new WorldState(stub), "r1", start, start)));
        ChaincodeException unknown = catchThrowableOfType(
                ChaincodeException.class,
                () -> harness.evaluate(RETAILER, (c, ctx) -> c.goodsByRobot(ctx, "r404", start, start)));

        assertThat(ContractHarness.code(tooMany)).isEqualTo(ErrorCode.RESULT_TOO_LARGE);
        assertThat(tooMany.getMessage()).contains("r1");
        assertThat(ContractHarness.code(unknown)).isEqualTo(ErrorCode.ROBOT_NOT_FOUND);
    }

    @Test
    void refusesRobotOutputWindowsThatAreInvertedOrTooLong() {
        assertThat(catchThrowableOfType(
                        ChaincodeException.class,
                        () -> harness.evaluate(RETAILER, (c, ctx) -> c.goodsByRobot(ctx, "r1", 10, 5))))
                .hasMessageContaining("r1");
        assertThat(catchThrowableOfType(
                        ChaincodeException.class,
                        () -> harness.evaluate(RETAILER, (c, ctx) -> c.goodsByRobot(ctx, "r1", 0, 400L * 86_400_000L))))
                .hasMessageContaining("366");
    }
}
