package dev.robotledger.chaincode.custody;

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
import org.hyperledger.fabric.shim.ChaincodeException;
import org.hyperledger.fabric.shim.ext.sbe.impl.StateBasedEndorsementFactory;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class CustodyTest {

    private final ContractHarness harness = new ContractHarness();
    private final Scenario scenario = new Scenario(harness);

    @BeforeEach
    void produceAGood() {
        scenario.registerRobot("r1");
        scenario.produce("g1", "r1");
    }

    private String propose(String mspId, String eventId, String toOrg) {
        return harness.submit(
                mspId,
                (c, ctx) -> c.proposeTransfer(
                        ctx, eventId, Fixtures.json(Fixtures.proposal("g1", Scenario.productionOf("g1"), toOrg))));
    }

    private static String decision() {
        return Fixtures.json(Fixtures.goodOnly("g1"));
    }

    @Test
    void movesCustodyOnlyWhenTheReceiverAccepts() {
        JsonNode proposed = Fixtures.tree(propose(MANUFACTURER, "e-propose", RETAILER));
        assertThat(proposed.get("custodianOrg").asText()).isEqualTo(MANUFACTURER);
        assertThat(proposed.get("pendingTransfer").get("toOrg").asText()).isEqualTo(RETAILER);
        assertThat(harness.lastEvent())
                .hasValueSatisfying(e -> assertThat(e.name()).isEqualTo("TransferProposed"));

        JsonNode accepted =
                Fixtures.tree(harness.submit(RETAILER, (c, ctx) -> c.acceptTransfer(ctx, "e-accept", decision())));

        assertThat(accepted.get("custodianOrg").asText()).isEqualTo(RETAILER);
        assertThat(accepted.has("pendingTransfer")).isFalse();
        assertThat(accepted.get("custodyHistory").findValuesAsText("action"))
                .containsExactly("PRODUCED", "PROPOSED", "ACCEPTED");
        assertThat(accepted.get("custodyHistory").get(2).get("fromOrg").asText())
                .isEqualTo(MANUFACTURER);
        assertThat(accepted.get("custodyHistory").get(2).get("toOrg").asText()).isEqualTo(RETAILER);
        assertThat(harness.lastEvent())
                .hasValueSatisfying(e -> assertThat(e.name()).isEqualTo("TransferAccepted"));
    }

    @Test
    void makesTheNewCustodianTheEndorserOfTheGood() {
        scenario.transfer("g1", MANUFACTURER, RETAILER);

        byte[] policy = harness.validationParameter("good", "g1");
        assertThat(StateBasedEndorsementFactory.getInstance()
                        .newStateBasedEndorsement(policy)
                        .listOrgs())
                .containsExactly(RETAILER);
    }

    @Test
    void keepsCustodyWhenTheReceiverRejects() {
        propose(MANUFACTURER, "e-propose", RETAILER);

        JsonNode rejected =
                Fixtures.tree(harness.submit(RETAILER, (c, ctx) -> c.rejectTransfer(ctx, "e-reject", decision())));

        assertThat(rejected.get("custodianOrg").asText()).isEqualTo(MANUFACTURER);
        assertThat(rejected.has("pendingTransfer")).isFalse();
        assertThat(rejected.get("custodyHistory").findValuesAsText("action")).endsWith("REJECTED");
        assertThat(harness.lastEvent())
                .hasValueSatisfying(e -> assertThat(e.name()).isEqualTo("TransferRejected"));
    }

    @Test
    void letsTheCustodianCancelAPendingTransfer() {
        propose(MANUFACTURER, "e-propose", RETAILER);

        JsonNode cancelled =
                Fixtures.tree(harness.submit(MANUFACTURER, (c, ctx) -> c.cancelTransfer(ctx, "e-cancel", decision())));

        assertThat(cancelled.has("pendingTransfer")).isFalse();
        assertThat(cancelled.get("custodyHistory").findValuesAsText("action")).endsWith("CANCELLED");
        assertThat(harness.refusalCode(RETAILER, (c, ctx) -> c.acceptTransfer(ctx, "e-accept", decision())))
                .isEqualTo(ErrorCode.NO_PENDING_TRANSFER);
    }

    @Test
    void refusesProposalsByNonCustodians() {
        ChaincodeException refusal = harness.refusal(
                RETAILER,
                (c, ctx) -> c.proposeTransfer(
                        ctx, "e1", Fixtures.json(Fixtures.proposal("g1", Scenario.productionOf("g1"), LENDER))));

        assertThat(ContractHarness.code(refusal)).isEqualTo(ErrorCode.NOT_CUSTODIAN);
        assertThat(refusal.getMessage()).contains("g1");
    }

    @Test
    void refusesAcceptanceByAnyoneButTheReceiver() {
        propose(MANUFACTURER, "e-propose", RETAILER);

        for (String msp : List.of(LENDER, MANUFACTURER)) {
            ChaincodeException refusal =
                    harness.refusal(msp, (c, ctx) -> c.acceptTransfer(ctx, "e-" + msp, decision()));
            assertThat(ContractHarness.code(refusal)).isEqualTo(ErrorCode.NOT_TRANSFER_RECIPIENT);
            assertThat(refusal.getMessage()).contains("g1", RETAILER);
        }
    }

    @Test
    void refusesASecondProposalWhileOneIsPending() {
        propose(MANUFACTURER, "e-1", RETAILER);

        ChaincodeException refusal = harness.refusal(
                MANUFACTURER,
                (c, ctx) -> c.proposeTransfer(
                        ctx, "e-2", Fixtures.json(Fixtures.proposal("g1", Scenario.productionOf("g1"), LENDER))));

        assertThat(ContractHarness.code(refusal)).isEqualTo(ErrorCode.TRANSFER_PENDING);
        assertThat(refusal.getMessage()).contains("g1", RETAILER);
    }

    @Test
    void refusesTransfersToUnknownOrgsOrToTheCustodianItself() {
        assertThat(harness.refusal(
                        MANUFACTURER,
                        (c, ctx) -> c.proposeTransfer(
                                ctx,
                                "e-1",
                                Fixtures.json(Fixtures.proposal("g1", Scenario.productionOf("g1"), "NowhereMSP")))))
                .hasMessageContaining("NowhereMSP");
        assertThat(harness.refusalCode(
                        MANUFACTURER,
                        (c, ctx) -> c.proposeTransfer(
                                ctx,
                                "e-2",
                                Fixtures.json(Fixtures.proposal("g1", Scenario.productionOf("g1"), MANUFACTURER)))))
                .isEqualTo(ErrorCode.INVALID_ARGUMENT);
    }

    @Test
    void refusesConsumingAPartWithAPendingTransfer() {
        scenario.registerRobot("r-asm");
        propose(MANUFACTURER, "e-propose", RETAILER);

        assertThat(harness.refusalCode(
                        MANUFACTURER,
                        (c, ctx) -> c.assembleProduct(
                                ctx,
                                "e-asm",
                                Fixtures.json(Fixtures.assembly(
                                        "prod", "r-asm", harness.nextTxEpochMillis(), Scenario.parts("g1"))))))
                .isEqualTo(ErrorCode.TRANSFER_PENDING);
    }

    @Test
    void keepsAQuarantinedGoodWhereItIsUntilReleased() {
        scenario.qualityCheck(MANUFACTURER, "g1", "FAIL");

        assertThat(harness.refusalCode(
                        MANUFACTURER,
                        (c, ctx) -> c.proposeTransfer(
                                ctx,
                                "e-1",
                                Fixtures.json(Fixtures.proposal("g1", Scenario.productionOf("g1"), LENDER)))))
                .isEqualTo(ErrorCode.GOOD_QUARANTINED);
        scenario.dispose(MANUFACTURER, "g1", "RELEASE");
        scenario.transfer("g1", MANUFACTURER, LENDER);

        JsonNode good = Fixtures.tree(harness.evaluate(RETAILER, (c, ctx) -> c.getGood(ctx, "g1")));
        assertThat(good.get("custodianOrg").asText()).isEqualTo(LENDER);
        assertThat(good.get("status").asText()).isEqualTo("ACTIVE");
    }

    @Test
    void refusesTransferOfConsumedParts() {
        scenario.registerRobot("r-asm");
        scenario.assemble("prod", "r-asm", List.of("g1"));

        assertThat(harness.refusalCode(
                        MANUFACTURER,
                        (c, ctx) -> c.proposeTransfer(
                                ctx,
                                "e-1",
                                Fixtures.json(Fixtures.proposal("g1", Scenario.productionOf("g1"), RETAILER)))))
                .isEqualTo(ErrorCode.PART_ALREADY_CONSUMED);
    }
}
