package dev.robotledger.chaincode.robot;

import static dev.robotledger.chaincode.testing.Scenario.MANUFACTURER;
import static dev.robotledger.chaincode.testing.Scenario.RETAILER;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.robotledger.chaincode.testing.ContractHarness;
import dev.robotledger.chaincode.testing.Fixtures;
import dev.robotledger.chaincode.testing.Scenario;
import dev.robotledger.contract.ErrorCode;
import java.util.List;
import java.util.Map;
import org.hyperledger.fabric.shim.ChaincodeException;
import org.junit.jupiter.api.Test;

/** What a robot may record: its registered capabilities and, for inspections, its line. */
class RobotCapabilitiesTest {

    private final ContractHarness harness = new ContractHarness();
    private final Scenario scenario = new Scenario(harness);

    private void register(String robotId, String line, String... capabilities) {
        Map<String, Object> robot = Fixtures.robot(robotId);
        robot.put("line", line);
        robot.put("capabilities", List.of(capabilities));
        harness.submit(MANUFACTURER, (c, ctx) -> c.registerRobot(ctx, "reg-" + robotId, Fixtures.json(robot)));
    }

    private ChaincodeException check(String eventId, String goodId, String inspector, String result) {
        Map<String, Object> check = Fixtures.qualityCheck(goodId, Scenario.productionOf(goodId), result);
        check.put("inspector", inspector);
        return harness.refusal(MANUFACTURER, (c, ctx) -> c.recordQualityCheck(ctx, eventId, Fixtures.json(check)));
    }

    private String checkOk(String eventId, String goodId, String inspector, String result) {
        Map<String, Object> check = Fixtures.qualityCheck(goodId, Scenario.productionOf(goodId), result);
        check.put("inspector", inspector);
        return harness.submit(MANUFACTURER, (c, ctx) -> c.recordQualityCheck(ctx, eventId, Fixtures.json(check)));
    }

    @Test
    void keepsTheRegisteredCapabilitiesInOneOrder() {
        register("r-multi", "line-2", "INSPECT", "PRODUCE");

        JsonNode robot = Fixtures.tree(harness.evaluate(RETAILER, (c, ctx) -> c.getRobot(ctx, "r-multi")));

        assertThat(robot.get("capabilities")).extracting(JsonNode::asText).containsExactly("PRODUCE", "INSPECT");
    }

    @Test
    void refusesARegistrationWithoutCapabilities() {
        Map<String, Object> none = Fixtures.robot("r-none");
        none.put("capabilities", List.of());
        Map<String, Object> missing = Fixtures.robot("r-missing");
        missing.remove("capabilities");
        Map<String, Object> twice = Fixtures.robot("r-twice");
        twice.put("capabilities", List.of("PRODUCE", "PRODUCE"));
        Map<String, Object> unknown = Fixtures.robot("r-unknown");
        unknown.put("capabilities", List.of("WELD"));

        for (Map<String, Object> robot : List.of(none, missing, twice, unknown)) {
            assertThat(harness.refusalCode(
                            MANUFACTURER,
                            (c, ctx) -> c.registerRobot(ctx, "e-" + robot.get("robotId"), Fixtures.json(robot))))
                    .as("%s", robot.get("robotId"))
                    .isEqualTo(ErrorCode.INVALID_ARGUMENT);
        }
    }

    @Test
    void refusesAProductionFromARobotThatMayNotProduce() {
        register("r-inspect", "line-2", "INSPECT", "ASSEMBLE");

        ChaincodeException refusal = harness.refusal(
                MANUFACTURER,
                (c, ctx) -> c.recordProduction(
                        ctx,
                        "e-1",
                        Fixtures.json(Fixtures.production("g1", "r-inspect", harness.nextTxEpochMillis()))));

        assertThat(ContractHarness.code(refusal)).isEqualTo(ErrorCode.ROBOT_NOT_CAPABLE);
        assertThat(refusal.getMessage()).contains("r-inspect", "PRODUCE");
    }

    @Test
    void refusesAnAssemblyFromARobotThatMayNotAssemble() {
        register("r-press", "line-2", "PRODUCE");
        scenario.produce("p1", "r-press");

        ChaincodeException refusal = harness.refusal(
                MANUFACTURER,
                (c, ctx) -> c.assembleProduct(
                        ctx,
                        "e-1",
                        Fixtures.json(Fixtures.assembly(
                                "prod", "r-press", harness.nextTxEpochMillis(), Scenario.parts("p1")))));

        assertThat(ContractHarness.code(refusal)).isEqualTo(ErrorCode.ROBOT_NOT_CAPABLE);
        assertThat(refusal.getMessage()).contains("r-press", "ASSEMBLE");
    }

    @Test
    void refusesAQualityCheckFromARobotThatMayNotInspect() {
        register("r-press", "line-2", "PRODUCE");
        scenario.produce("g1", "r-press");

        assertThat(ContractHarness.code(check("e-1", "g1", "r-press", "FAIL"))).isEqualTo(ErrorCode.ROBOT_NOT_CAPABLE);
    }

    @Test
    void refusesAQualityCheckByAnInspectionStationOfAnotherLine() {
        register("r-press", "line-2", "PRODUCE");
        register("vision-2", "line-2", "INSPECT");
        register("vision-3", "line-3", "INSPECT");
        scenario.produce("g1", "r-press");

        ChaincodeException refusal = check("e-1", "g1", "vision-3", "FAIL");

        assertThat(ContractHarness.code(refusal)).isEqualTo(ErrorCode.NOT_INSPECTION_STATION);
        assertThat(refusal.getMessage()).contains("vision-3", "line-3", "line-2", "g1");
        JsonNode good = Fixtures.tree(checkOk("e-2", "g1", "vision-2", "PASS"));
        assertThat(good.get("status").asText()).isEqualTo("ACTIVE");
        assertThat(good.get("qualityChecks").findValuesAsText("inspector")).containsExactly("vision-2");
    }

    @Test
    void refusesAQualityCheckByARevokedInspectionStation() {
        register("r-press", "line-2", "PRODUCE");
        register("vision-2", "line-2", "INSPECT");
        scenario.produce("g1", "r-press");
        harness.submit(
                MANUFACTURER,
                (c, ctx) -> c.revokeRobot(
                        ctx, "e-revoke", Fixtures.json(Map.of("robotId", "vision-2", "reason", "camera replaced"))));

        assertThat(ContractHarness.code(check("e-1", "g1", "vision-2", "PASS"))).isEqualTo(ErrorCode.ROBOT_REVOKED);
    }

    @Test
    void refusesAnyEventOnAGoodItsRobotsOrganisationDoesNotHold() {
        register("r-press", "line-2", "PRODUCE");
        register("vision-2", "line-2", "INSPECT");
        register("r-asm", "line-2", "ASSEMBLE");
        scenario.produce("g1", "r-press");
        scenario.transfer("g1", MANUFACTURER, RETAILER);

        assertThat(ContractHarness.code(check("e-1", "g1", "vision-2", "FAIL"))).isEqualTo(ErrorCode.NOT_CUSTODIAN);
        assertThat(harness.refusalCode(
                        MANUFACTURER,
                        (c, ctx) -> c.assembleProduct(
                                ctx,
                                "e-2",
                                Fixtures.json(Fixtures.assembly(
                                        "prod", "r-asm", harness.nextTxEpochMillis(), Scenario.parts("g1"))))))
                .isEqualTo(ErrorCode.NOT_CUSTODIAN);
    }
}
