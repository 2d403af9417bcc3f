package dev.robotledger.chaincode.good;

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

/**
 * Every event about an existing good names the production that made it, and the contract refuses
 * one that names another: a reused good id never attaches a check, a part or a custody step to
 * the wrong good.
 */
class ProductionReferenceTest {

    private final ContractHarness harness = new ContractHarness();
    private final Scenario scenario = new Scenario(harness);

    @BeforeEach
    void produceAGood() {
        scenario.registerRobot("r1");
        scenario.produce("g1", "r1");
    }

    @Test
    void aReusedIdIsRefusedAndTheCheckOfItsProductionIsNotAttachedToTheOldGood() {
        String reusedProduction = "production-r1-restarted";
        ChaincodeException reused = harness.refusal(
                MANUFACTURER,
                (c, ctx) -> c.recordProduction(
                        ctx,
                        reusedProduction,
                        Fixtures.json(Fixtures.production("g1", "r1", harness.nextTxEpochMillis()))));
        assertThat(ContractHarness.code(reused)).isEqualTo(ErrorCode.GOOD_ALREADY_EXISTS);

        ChaincodeException check = harness.refusal(
                MANUFACTURER,
                (c, ctx) -> c.recordQualityCheck(
                        ctx, "e-check", Fixtures.json(Fixtures.qualityCheck("g1", reusedProduction, "FAIL"))));

        assertThat(ContractHarness.code(check)).isEqualTo(ErrorCode.PRODUCTION_MISMATCH);
        assertThat(check.getMessage()).contains("g1", reusedProduction, Scenario.productionOf("g1"));
        JsonNode good = Fixtures.tree(harness.evaluate(RETAILER, (c, ctx) -> c.getGood(ctx, "g1")));
        assertThat(good.get("qualityChecks")).isEmpty();
        assertThat(good.get("status").asText()).isEqualTo("ACTIVE");
    }

    @Test
    void recordsACheckThatNamesTheGoodsOwnProduction() {
        JsonNode good = Fixtures.tree(harness.submit(
                MANUFACTURER,
                (c, ctx) -> c.recordQualityCheck(
                        ctx,
                        "e-check",
                        Fixtures.json(Fixtures.qualityCheck("g1", Scenario.productionOf("g1"), "PASS")))));

        assertThat(good.get("qualityChecks")).hasSize(1);
    }

    @Test
    void refusesAnAssemblyWhosePartWasMadeByAnotherProduction() {
        scenario.produce("g2", "r1");
        scenario.registerRobot("r-asm");
        List<Map<String, Object>> parts =
                List.of(Fixtures.part("g2", Scenario.productionOf("g2")), Fixtures.part("g1", "production-r1-other"));

        ChaincodeException refusal = harness.refusal(
                MANUFACTURER,
                (c, ctx) -> c.assembleProduct(
                        ctx,
                        "e-asm",
                        Fixtures.json(Fixtures.assembly("prod", "r-asm", harness.nextTxEpochMillis(), parts))));

        assertThat(ContractHarness.code(refusal)).isEqualTo(ErrorCode.PRODUCTION_MISMATCH);
        assertThat(refusal.getMessage()).contains("assembly of prod", "g1", "production-r1-other");
        for (String part : List.of("g1", "g2")) {
            JsonNode good = Fixtures.tree(harness.evaluate(RETAILER, (c, ctx) -> c.getGood(ctx, part)));
            assertThat(good.get("status").asText()).as(part).isEqualTo("ACTIVE");
        }
        assertThat(harness.refusalCode(RETAILER, (c, ctx) -> c.getGood(ctx, "prod")))
                .isEqualTo(ErrorCode.GOOD_NOT_FOUND);
    }

    @Test
    void refusesATransferOfAGoodMadeByAnotherProduction() {
        ChaincodeException refusal = harness.refusal(
                MANUFACTURER,
                (c, ctx) -> c.proposeTransfer(
                        ctx, "e-ship", Fixtures.json(Fixtures.proposal("g1", "production-r1-other", RETAILER))));

        assertThat(ContractHarness.code(refusal)).isEqualTo(ErrorCode.PRODUCTION_MISMATCH);
        JsonNode good = Fixtures.tree(harness.evaluate(RETAILER, (c, ctx) -> c.getGood(ctx, "g1")));
        assertThat(good.has("pendingTransfer")).isFalse();
        assertThat(good.get("custodyHistory")).hasSize(1);
    }

    @Test
    void refusesEventsThatNameNoProduction() {
        Map<String, Object> check = Fixtures.qualityCheck("g1", "unused", "PASS");
        check.remove("producedBy");
        Map<String, Object> proposal = Fixtures.proposal("g1", "unused", RETAILER);
        proposal.remove("producedBy");
        Map<String, Object> part = Fixtures.part("g1", "unused");
        part.remove("producedBy");

        ChaincodeException checkRefusal =
                harness.refusal(MANUFACTURER, (c, ctx) -> c.recordQualityCheck(ctx, "e1", Fixtures.json(check)));
        ChaincodeException proposalRefusal =
                harness.refusal(MANUFACTURER, (c, ctx) -> c.proposeTransfer(ctx, "e2", Fixtures.json(proposal)));
        ChaincodeException assemblyRefusal = harness.refusal(
                MANUFACTURER,
                (c, ctx) -> c.assembleProduct(
                        ctx,
                        "e3",
                        Fixtures.json(Fixtures.assembly("prod", "r1", harness.nextTxEpochMillis(), List.of(part)))));

        for (ChaincodeException refusal : List.of(checkRefusal, proposalRefusal, assemblyRefusal)) {
            assertThat(ContractHarness.code(refusal)).isEqualTo(ErrorCode.INVALID_ARGUMENT);
            assertThat(refusal.getMessage()).contains("producedBy is missing");
        }
    }
}
