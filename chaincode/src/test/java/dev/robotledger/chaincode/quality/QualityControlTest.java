package dev.robotledger.chaincode.quality;

import static dev.robotledger.chaincode.testing.Scenario.LENDER;
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
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class QualityControlTest {

    private final ContractHarness harness = new ContractHarness();
    private final Scenario scenario = new Scenario(harness);

    @BeforeEach
    void produceAGood() {
        scenario.registerRobot("r1");
        scenario.produce("g1", "r1");
    }

    @Test
    void recordsAPassingCheckWithInspectorMeasurementsAndTime() {
        long txTime = harness.nextTxEpochMillis();

        JsonNode good = Fixtures.tree(scenario.qualityCheck(MANUFACTURER, "g1", "PASS"));

        assertThat(good.get("status").asText()).isEqualTo("ACTIVE");
        JsonNode check = good.get("qualityChecks").get(0);
        assertThat(check.get("inspector").asText()).isEqualTo("vision-cell-7");
        assertThat(check.get("checkType").asText()).isEqualTo("dimensional");
        assertThat(check.get("result").asText()).isEqualTo("PASS");
        assertThat(check.get("measurements").get("diameterMm").asDouble()).isEqualTo(12.01);
        assertThat(check.get("checkedAtEpochMillis").asLong()).isEqualTo(txTime);
        assertThat(check.get("byOrg").asText()).isEqualTo(MANUFACTURER);
        assertThat(harness.lastEvent())
                .hasValueSatisfying(event -> assertThat(event.name()).isEqualTo("QualityCheckRecorded"));
    }

    @Test
    void quarantinesAGoodThatFailsACheck() {
        JsonNode good = Fixtures.tree(scenario.qualityCheck(MANUFACTURER, "g1", "FAIL"));

        assertThat(good.get("status").asText()).isEqualTo("QUARANTINED");
        ChaincodeException pass = harness.refusal(
                MANUFACTURER,
                (c, ctx) -> c.recordQualityCheck(
                        ctx,
                        "e-pass",
                        Fixtures.json(Fixtures.qualityCheck("g1", Scenario.productionOf("g1"), "PASS"))));
        assertThat(ContractHarness.code(pass))
                .as("a later pass does not release quarantine")
                .isEqualTo(ErrorCode.GOOD_QUARANTINED);
        assertThat(pass.getMessage()).contains("g1", "DisposeQuarantined");
        assertThat(Fixtures.tree(harness.evaluate(RETAILER, (c, ctx) -> c.getGood(ctx, "g1")))
                        .get("qualityChecks"))
                .hasSize(1);
    }

    @Test
    void letsARetailerOrLenderInspectGoodsItHolds() {
        scenario.produce("g2", "r1");
        scenario.transfer("g1", MANUFACTURER, RETAILER);
        scenario.transfer("g2", MANUFACTURER, LENDER);

        assertThat(Fixtures.tree(scenario.qualityCheck(RETAILER, "g1", "PASS")).get("qualityChecks"))
                .hasSize(1);
        assertThat(Fixtures.tree(scenario.qualityCheck(LENDER, "g2", "FAIL"))
                        .get("status")
                        .asText())
                .isEqualTo("QUARANTINED");
    }

    @Test
    void refusesChecksByOrgsThatDoNotHoldTheGood() {
        ChaincodeException refusal = harness.refusal(
                RETAILER,
                (c, ctx) -> c.recordQualityCheck(
                        ctx, "e1", Fixtures.json(Fixtures.qualityCheck("g1", Scenario.productionOf("g1"), "PASS"))));

        assertThat(ContractHarness.code(refusal)).isEqualTo(ErrorCode.NOT_CUSTODIAN);
        assertThat(refusal.getMessage()).contains("g1", MANUFACTURER);
    }

    @Test
    void refusesChecksOnConsumedPartsAndUnknownGoods() {
        scenario.registerRobot("r-asm");
        scenario.assemble("prod", "r-asm", List.of("g1"));

        assertThat(harness.refusalCode(
                        MANUFACTURER,
                        (c, ctx) -> c.recordQualityCheck(
                                ctx,
                                "e1",
                                Fixtures.json(Fixtures.qualityCheck("g1", Scenario.productionOf("g1"), "PASS")))))
                .isEqualTo(ErrorCode.PART_ALREADY_CONSUMED);
        assertThat(harness.refusalCode(
                        MANUFACTURER,
                        (c, ctx) -> c.recordQualityCheck(
                                ctx,
                                "e2",
                                Fixtures.json(Fixtures.qualityCheck("g404", Scenario.productionOf("g404"), "PASS")))))
                .isEqualTo(ErrorCode.GOOD_NOT_FOUND);
    }

    @Test
    void refusesResultsOtherThanPassOrFail() {
        Map<String, Object> request = Fixtures.qualityCheck("g1", Scenario.productionOf("g1"), "MAYBE");

        assertThat(harness.refusalCode(
                        MANUFACTURER, (c, ctx) -> c.recordQualityCheck(ctx, "e1", Fixtures.json(request))))
                .isEqualTo(ErrorCode.INVALID_ARGUMENT);
    }

    @Test
    void releasesAQuarantinedGoodByTheOperatorsDispositionWithWhoAndWhy() {
        scenario.qualityCheck(MANUFACTURER, "g1", "FAIL");

        JsonNode released = Fixtures.tree(scenario.dispose(MANUFACTURER, "g1", "RELEASE"));

        assertThat(released.get("status").asText()).isEqualTo("ACTIVE");
        JsonNode disposition = released.get("dispositions").get(0);
        assertThat(disposition.get("decision").asText()).isEqualTo("RELEASE");
        assertThat(disposition.get("operator").asText()).isEqualTo("alice@plant-1");
        assertThat(disposition.get("reason").asText()).contains("within tolerance");
        assertThat(disposition.get("byOrg").asText()).isEqualTo(MANUFACTURER);
        assertThat(harness.lastEvent())
                .hasValueSatisfying(event -> assertThat(event.name()).isEqualTo("QuarantineDisposed"));
        assertThat(Fixtures.tree(scenario.qualityCheck(MANUFACTURER, "g1", "PASS"))
                        .get("status")
                        .asText())
                .as("a released good takes checks again")
                .isEqualTo("ACTIVE");
    }

    @Test
    void scrapsAQuarantinedGoodForGood() {
        scenario.qualityCheck(MANUFACTURER, "g1", "FAIL");

        assertThat(Fixtures.tree(scenario.dispose(MANUFACTURER, "g1", "SCRAP"))
                        .get("status")
                        .asText())
                .isEqualTo("SCRAPPED");
        assertThat(harness.refusalCode(
                        MANUFACTURER,
                        (c, ctx) -> c.recordQualityCheck(
                                ctx,
                                "e-pass",
                                Fixtures.json(Fixtures.qualityCheck("g1", Scenario.productionOf("g1"), "PASS")))))
                .isEqualTo(ErrorCode.GOOD_NOT_ACTIVE);
        assertThat(harness.refusalCode(
                        MANUFACTURER,
                        (c, ctx) -> c.proposeTransfer(
                                ctx,
                                "e-move",
                                Fixtures.json(Fixtures.proposal("g1", Scenario.productionOf("g1"), RETAILER)))))
                .isEqualTo(ErrorCode.GOOD_NOT_ACTIVE);
    }

    @Test
    void refusesADispositionOfAGoodThatIsNotQuarantinedOrHeldByAnother() {
        assertThat(harness.refusalCode(
                        MANUFACTURER,
                        (c, ctx) -> c.disposeQuarantined(
                                ctx,
                                "e-1",
                                Fixtures.json(Fixtures.disposition("g1", Scenario.productionOf("g1"), "RELEASE")))))
                .isEqualTo(ErrorCode.GOOD_NOT_QUARANTINED);
        scenario.qualityCheck(MANUFACTURER, "g1", "FAIL");
        assertThat(harness.refusalCode(
                        RETAILER,
                        (c, ctx) -> c.disposeQuarantined(
                                ctx,
                                "e-2",
                                Fixtures.json(Fixtures.disposition("g1", Scenario.productionOf("g1"), "RELEASE")))))
                .isEqualTo(ErrorCode.NOT_CUSTODIAN);
        Map<String, Object> anonymous = Fixtures.disposition("g1", Scenario.productionOf("g1"), "RELEASE");
        anonymous.remove("operator");
        assertThat(harness.refusalCode(
                        MANUFACTURER, (c, ctx) -> c.disposeQuarantined(ctx, "e-3", Fixtures.json(anonymous))))
                .as("who decided is required")
                .isEqualTo(ErrorCode.INVALID_ARGUMENT);
    }
}
