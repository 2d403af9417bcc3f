package dev.robotledger.chaincode.telemetry;

import static dev.robotledger.chaincode.testing.Scenario.MANUFACTURER;
import static dev.robotledger.chaincode.testing.Scenario.RETAILER;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

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

class AnchorsTest {

    private final ContractHarness harness = new ContractHarness();
    private final Scenario scenario = new Scenario(harness);

    @BeforeEach
    void enrolRobots() {
        scenario.registerRobot("r1");
        scenario.registerRobot("r2");
    }

    @Test
    void recordsAnAnchorAndFindsItByBatchId() {
        String recorded = harness.submit(
                MANUFACTURER,
                (c, ctx) -> c.recordAnchor(
                        ctx, "e-anchor", Fixtures.json(Fixtures.anchor("batch-7", List.of("r2", "r1")))));

        JsonNode anchor = Fixtures.tree(harness.evaluate(RETAILER, (c, ctx) -> c.getAnchor(ctx, "batch-7")));
        assertThat(anchor.toString()).isEqualTo(recorded);
        assertThat(anchor.get("merkleRoot").asText()).isEqualTo(Fixtures.MERKLE_ROOT);
        assertThat(anchor.get("readingCount").asLong()).isEqualTo(4096);
        assertThat(anchor.get("robotIds").toString()).as("kept as a sorted set").isEqualTo("[\"r1\",\"r2\"]");
        assertThat(anchor.get("submittedByOrg").asText()).isEqualTo(MANUFACTURER);
        assertThat(harness.lastEvent())
                .hasValueSatisfying(e -> assertThat(e.name()).isEqualTo("AnchorRecorded"));
    }

    @Test
    void refusesAnchoringTheSameBatchUnderANewEventId() {
        String request = Fixtures.json(Fixtures.anchor("batch-7", List.of("r1")));
        harness.submit(MANUFACTURER, (c, ctx) -> c.recordAnchor(ctx, "e-1", request));

        ChaincodeException refusal = harness.refusal(MANUFACTURER, (c, ctx) -> c.recordAnchor(ctx, "e-2", request));

        assertThat(ContractHarness.code(refusal)).isEqualTo(ErrorCode.ANCHOR_ALREADY_RECORDED);
        assertThat(refusal.getMessage()).contains("batch-7");
    }

    @Test
    void refusesMalformedRootsCountsAndWindows() {
        Map<String, Object> upperCaseRoot = Fixtures.anchor("b1", List.of("r1"));
        upperCaseRoot.put("merkleRoot", Fixtures.MERKLE_ROOT.toUpperCase());
        Map<String, Object> noReadings = Fixtures.anchor("b1", List.of("r1"));
        noReadings.put("readingCount", 0);
        Map<String, Object> inverted = Fixtures.anchor("b1", List.of("r1"));
        inverted.put("toEpochMillis", 1L);
        Map<String, Object> noRobots = Fixtures.anchor("b1", List.of());

        for (Map<String, Object> request : List.of(upperCaseRoot, noReadings, inverted, noRobots)) {
            assertThat(harness.refusalCode(MANUFACTURER, (c, ctx) -> c.recordAnchor(ctx, "e1", Fixtures.json(request))))
                    .isEqualTo(ErrorCode.INVALID_ARGUMENT);
        }
    }

    @Test
    void refusesAnchorsCoveringUnknownRobots() {
        ChaincodeException refusal = harness.refusal(
                MANUFACTURER,
                (c, ctx) -> c.recordAnchor(ctx, "e1", Fixtures.json(Fixtures.anchor("b1", List.of("r1", "r404")))));

        assertThat(ContractHarness.code(refusal)).isEqualTo(ErrorCode.ROBOT_NOT_FOUND);
        assertThat(refusal.getMessage()).contains("r404");
    }

    @Test
    void reportsAMissingAnchor() {
        ChaincodeException refusal = catchThrowableOfType(
                ChaincodeException.class, () -> harness.evaluate(RETAILER, (c, ctx) -> c.getAnchor(ctx, "batch-404")));

        assertThat(ContractHarness.code(refusal)).isEqualTo(ErrorCode.ANCHOR_NOT_FOUND);
        assertThat(refusal.getMessage()).contains("batch-404");
    }
}
