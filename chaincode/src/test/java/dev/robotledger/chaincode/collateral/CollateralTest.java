package dev.robotledger.chaincode.collateral;

import static dev.robotledger.chaincode.testing.Scenario.LENDER;
import static dev.robotledger.chaincode.testing.Scenario.MANUFACTURER;
import static dev.robotledger.chaincode.testing.Scenario.ORACLE;
import static dev.robotledger.chaincode.testing.Scenario.RETAILER;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import dev.robotledger.chaincode.ledger.WorldState;
import dev.robotledger.chaincode.testing.ContractHarness;
import dev.robotledger.chaincode.testing.Fixtures;
import dev.robotledger.chaincode.testing.Scenario;
import dev.robotledger.contract.ErrorCode;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.hyperledger.fabric.shim.ChaincodeException;
import org.hyperledger.fabric.shim.ext.sbe.impl.StateBasedEndorsementFactory;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Pledges, valuation at recorded prices, release and liquidation. The loan: 0.5 BTC against a
 * good appraised at 100,000 USD; max LTV 50%, margin call at 70%, liquidation at 80%. At 50,000
 * USD per BTC it starts at 25% LTV; margin call from 140,000 USD, liquidation from 160,000 USD.
 */
class CollateralTest {

    private static final long PRINCIPAL_SATS = 50_000_000L;
    private static final long APPRAISED_CENTS = 10_000_000L;

    private final ContractHarness harness = new ContractHarness();
    private final Scenario scenario = new Scenario(harness);
    private final String preimage = Fixtures.newPreimage();

    @BeforeEach
    void goodsAndAPrice() {
        scenario.registerRobot("r1");
        scenario.registerRobot("r-asm");
        scenario.produce("g1", "r1");
        scenario.produce("g2", "r1");
        scenario.recordPrice("px-50k", 5_000_000L);
    }

    private String pledgeG1() {
        return scenario.pledge(
                MANUFACTURER, "loan-1", "g1", PRINCIPAL_SATS, APPRAISED_CENTS, Fixtures.paymentHash(preimage));
    }

    private String pledgeRequest(String loanId, String goodId) {
        return Fixtures.json(Fixtures.pledge(
                loanId, goodId, LENDER, PRINCIPAL_SATS, APPRAISED_CENTS, Fixtures.paymentHash(Fixtures.newPreimage())));
    }

    private ChaincodeException pledgeRefusal(String mspId, String loanId, String goodId) {
        String request = pledgeRequest(loanId, goodId);
        return harness.refusal(
                mspId,
                Fixtures.termsTransient(Fixtures.loanTerms("Second Borrower")),
                (c, ctx) -> c.pledgeGood(ctx, "e-" + loanId, request));
    }

    private JsonNode lien(String loanId) {
        return Fixtures.tree(harness.evaluate(RETAILER, (c, ctx) -> c.getLien(ctx, loanId)));
    }

    private JsonNode good(String goodId) {
        return Fixtures.tree(harness.evaluate(RETAILER, (c, ctx) -> c.getGood(ctx, goodId)));
    }

    private JsonNode evaluation(String loanId) {
        return Fixtures.tree(harness.evaluate(RETAILER, (c, ctx) -> c.evaluateLoan(ctx, loanId)));
    }

    private JsonNode checkMargin(String eventId) {
        return Fixtures.tree(harness.submit(
                ORACLE, (c, ctx) -> c.checkMargin(ctx, eventId, Fixtures.json(Map.of("loanId", "loan-1")))));
    }

    private List<String> endorsers(String objectType, String id) {
        byte[] policy = harness.validationParameter(objectType, id);
        return StateBasedEndorsementFactory.getInstance()
                .newStateBasedEndorsement(policy)
                .listOrgs();
    }

    @Test
    void recordsTheLienAtTheRecordedPrice() {
        JsonNode lien = Fixtures.tree(pledgeG1());

        assertThat(lien.get("status").asText()).isEqualTo("ACTIVE");
        assertThat(lien.get("borrowerOrg").asText()).isEqualTo(MANUFACTURER);
        assertThat(lien.get("lenderOrg").asText()).isEqualTo(LENDER);
        assertThat(lien.get("pledgePriceId").asText()).isEqualTo("px-50k");
        assertThat(lien.get("pledgeLtvBps").asLong()).isEqualTo(2_500);
        assertThat(lien.get("termsCollection").asText()).isEqualTo("loanTerms_ManufacturerMSP_LenderMSP");
        assertThat(harness.lastEvent()).hasValueSatisfying(event -> {
            assertThat(event.name()).isEqualTo("GoodPledged");
            assertThat(Fixtures.tree(new String(event.payload(), StandardCharsets.UTF_8))
                            .get("relatedIds")
                            .get(0)
                            .asText())
                    .isEqualTo("g1");
        });
    }

    @Test
    void refusesASecondPledgeOfAPledgedGoodNamingTheLien() {
        pledgeG1();

        ChaincodeException refusal = pledgeRefusal(MANUFACTURER, "loan-2", "g1");

        assertThat(ContractHarness.code(refusal)).isEqualTo(ErrorCode.GOOD_ENCUMBERED);
        assertThat(refusal.getMessage()).contains("g1", "loan-1", LENDER);
    }

    @Test
    void refusesToPledgeAPartOfAPledgedProduct() {
        scenario.assemble("prod", "r-asm", List.of("g1", "g2"));
        scenario.pledge(
                MANUFACTURER, "loan-p", "prod", PRINCIPAL_SATS, APPRAISED_CENTS, Fixtures.paymentHash(preimage));

        ChaincodeException refusal = pledgeRefusal(MANUFACTURER, "loan-part", "g2");

        assertThat(ContractHarness.code(refusal)).isEqualTo(ErrorCode.GOOD_ENCUMBERED);
        assertThat(refusal.getMessage()).contains("g2", "product prod", "loan-p");
    }

    @Test
    void refusesToAssembleAPledgedPart() {
        pledgeG1();

        ChaincodeException refusal = harness.refusal(
                MANUFACTURER,
                (c, ctx) -> c.assembleProduct(
                        ctx,
                        "e-asm",
                        Fixtures.json(Fixtures.assembly(
                                "prod", "r-asm", harness.nextTxEpochMillis(), Scenario.parts("g2", "g1")))));

        assertThat(ContractHarness.code(refusal)).isEqualTo(ErrorCode.GOOD_ENCUMBERED);
        assertThat(refusal.getMessage()).contains("g1", "loan-1");
        assertThat(good("g2").get("status").asText()).isEqualTo("ACTIVE");
    }

    /**
     * Assembly refuses pledged parts, so a product over a pledged part cannot arise through the
     * contract; the pledge still walks the tree, which this checks on state written directly.
     */
    @Test
    void refusesToPledgeAProductWhosePartSecuresALoan() {
        scenario.produce("g3", "r1");
        scenario.assemble("sub", "r-asm", List.of("g1", "g2"));
        scenario.assemble("prod", "r-asm", List.of("sub", "g3"));
        harness.submitWith(MANUFACTURER, stub -> {
            WorldState state = new WorldState(stub);
            state.put(
                    Lien.key("loan-legacy"),
                    new Lien(
                            "loan-legacy",
                            "g2",
                            LENDER,
                            MANUFACTURER,
                            1,
                            1,
                            "USD",
                            1,
                            2,
                            3,
                            Fixtures.paymentHash(preimage),
                            Fixtures.sha256Hex("terms"),
                            "loanTerms_ManufacturerMSP_LenderMSP",
                            "px-50k",
                            1,
                            LienStatus.ACTIVE,
                            MarginState.OK,
                            0,
                            "tx-legacy",
                            "e-legacy",
                            List.of(),
                            null,
                            null));
            state.put(GoodLien.key("g2"), new GoodLien("g2", "loan-legacy"));
            return null;
        });

        ChaincodeException refusal = pledgeRefusal(MANUFACTURER, "loan-prod", "prod");

        assertThat(ContractHarness.code(refusal)).isEqualTo(ErrorCode.GOOD_ENCUMBERED);
        assertThat(refusal.getMessage()).contains("prod", "part g2", "loan-legacy");
        JsonNode encumbrance = Fixtures.tree(harness.evaluate(LENDER, (c, ctx) -> c.getEncumbrance(ctx, "prod")));
        assertThat(encumbrance.get("activeLiens").findValuesAsText("loanId")).containsExactly("loan-legacy");
    }

    @Test
    void lendsTheLendersEndorsementToEveryChangeOfThePledgedGoodUntilRelease() {
        assertThat(endorsers("good", "g1")).containsExactly(MANUFACTURER);

        pledgeG1();

        assertThat(endorsers("good", "g1")).containsExactlyInAnyOrder(MANUFACTURER, LENDER);
        assertThat(endorsers("lien", "loan-1")).containsExactlyInAnyOrder(MANUFACTURER, LENDER);

        harness.submit(
                RETAILER,
                (c, ctx) -> c.releaseWithPreimage(
                        ctx, "e-release", Fixtures.json(Map.of("loanId", "loan-1", "preimageHex", preimage))));

        assertThat(endorsers("good", "g1")).containsExactly(MANUFACTURER);
    }

    @Test
    void recordsAnOfferOfAPledgedGoodButRefusesItsAcceptance() {
        pledgeG1();
        scenario.proposeOnly("g1", MANUFACTURER, RETAILER);

        ChaincodeException refusal = harness.refusal(
                RETAILER, (c, ctx) -> c.acceptTransfer(ctx, "e-accept", Fixtures.json(Fixtures.goodOnly("g1"))));

        assertThat(ContractHarness.code(refusal)).isEqualTo(ErrorCode.GOOD_ENCUMBERED);
        assertThat(refusal.getMessage()).contains("g1", "loan-1");
        assertThat(good("g1").get("custodianOrg").asText()).isEqualTo(MANUFACTURER);
        assertThat(lien("loan-1").get("flags").findValuesAsText("reason")).containsExactly("CUSTODY_CHANGE_PROPOSED");
    }

    @Test
    void letsTheOfferBeAcceptedOnceTheLenderReleases() {
        pledgeG1();
        scenario.proposeOnly("g1", MANUFACTURER, RETAILER);
        harness.submit(
                LENDER,
                (c, ctx) -> c.releaseByLender(
                        ctx,
                        "e-release",
                        Fixtures.json(Map.of("loanId", "loan-1", "reason", "repaid by bank transfer"))));

        harness.submit(RETAILER, (c, ctx) -> c.acceptTransfer(ctx, "e-accept", Fixtures.json(Fixtures.goodOnly("g1"))));

        assertThat(good("g1").get("custodianOrg").asText()).isEqualTo(RETAILER);
        JsonNode lien = lien("loan-1");
        assertThat(lien.get("status").asText()).isEqualTo("RELEASED");
        assertThat(lien.get("closure").get("reason").asText()).isEqualTo("repaid by bank transfer");
    }

    @Test
    void releasesOnlyAgainstThePreimageOfThePaymentHash() {
        pledgeG1();
        String wrong = Fixtures.newPreimage();

        ChaincodeException refusal = harness.refusal(
                RETAILER,
                (c, ctx) -> c.releaseWithPreimage(
                        ctx, "e-wrong", Fixtures.json(Map.of("loanId", "loan-1", "preimageHex", wrong))));

        assertThat(ContractHarness.code(refusal)).isEqualTo(ErrorCode.PREIMAGE_MISMATCH);
        assertThat(refusal.getMessage()).contains("loan-1", Fixtures.paymentHash(wrong));
        assertThat(lien("loan-1").get("status").asText()).isEqualTo("ACTIVE");

        JsonNode released = Fixtures.tree(harness.submit(
                RETAILER,
                (c, ctx) -> c.releaseWithPreimage(
                        ctx, "e-right", Fixtures.json(Map.of("loanId", "loan-1", "preimageHex", preimage)))));

        assertThat(released.get("status").asText()).isEqualTo("RELEASED");
        assertThat(released.get("closure").get("preimageHex").asText()).isEqualTo(preimage);
        assertThat(harness.lastEvent())
                .hasValueSatisfying(event -> assertThat(event.name()).isEqualTo("LienReleased"));
        assertThat(harness.refusalCode(
                        RETAILER,
                        (c, ctx) -> c.releaseWithPreimage(
                                ctx, "e-again", Fixtures.json(Map.of("loanId", "loan-1", "preimageHex", preimage)))))
                .isEqualTo(ErrorCode.LIEN_NOT_ACTIVE);
        scenario.assemble("prod", "r-asm", List.of("g1"));
    }

    private String disbursement(String paymentHash, long amountSats) {
        return Fixtures.json(Map.of(
                "loanId",
                "loan-1",
                "paymentHash",
                paymentHash,
                "amountSats",
                amountSats,
                "paidAtEpochMillis",
                1_700_000_000_000L));
    }

    @Test
    void recordsThePrincipalsPaymentOnceAsTheLenderSentIt() {
        pledgeG1();
        String paid = Fixtures.paymentHash(Fixtures.newPreimage());

        assertThat(harness.refusalCode(
                        MANUFACTURER,
                        (c, ctx) -> c.recordDisbursement(ctx, "e-borrower", disbursement(paid, PRINCIPAL_SATS))))
                .isEqualTo(ErrorCode.NOT_LENDER);
        assertThat(harness.refusalCode(
                        LENDER,
                        (c, ctx) -> c.recordDisbursement(ctx, "e-short", disbursement(paid, PRINCIPAL_SATS - 1))))
                .isEqualTo(ErrorCode.INVALID_ARGUMENT);
        JsonNode recorded = Fixtures.tree(harness.submit(
                LENDER, (c, ctx) -> c.recordDisbursement(ctx, "e-paid", disbursement(paid, PRINCIPAL_SATS))));

        assertThat(recorded.at("/disbursement/paymentHash").asText()).isEqualTo(paid);
        assertThat(recorded.at("/disbursement/amountSats").asLong()).isEqualTo(PRINCIPAL_SATS);
        assertThat(recorded.at("/disbursement/paidAtEpochMillis").asLong()).isEqualTo(1_700_000_000_000L);
        assertThat(recorded.at("/disbursement/byOrg").asText()).isEqualTo(LENDER);
        assertThat(harness.lastEvent())
                .hasValueSatisfying(event -> assertThat(event.name()).isEqualTo("DisbursementRecorded"));
        assertThat(lien("loan-1").at("/disbursement/paymentHash").asText()).isEqualTo(paid);
        assertThat(Fixtures.tree(harness.submit(
                                LENDER,
                                (c, ctx) ->
                                        c.recordDisbursement(ctx, "e-paid-again", disbursement(paid, PRINCIPAL_SATS))))
                        .at("/disbursement/eventId")
                        .asText())
                .as("the same payment again: the first record stands")
                .isEqualTo("e-paid");
        String other = Fixtures.paymentHash(Fixtures.newPreimage());
        assertThat(harness.refusalCode(
                        LENDER, (c, ctx) -> c.recordDisbursement(ctx, "e-other", disbursement(other, PRINCIPAL_SATS))))
                .isEqualTo(ErrorCode.DISBURSEMENT_ALREADY_RECORDED);
    }

    @Test
    void flagsAMarginCallThenLetsTheLenderLiquidateWhenThePriceCrossesTheThreshold() {
        pledgeG1();
        scenario.recordPrice("px-145k", 14_500_000L);

        JsonNode marginCall = checkMargin("e-check-1");

        assertThat(marginCall.get("marginState").asText()).isEqualTo("MARGIN_CALL");
        assertThat(marginCall.get("flags").get(0).get("reason").asText()).isEqualTo("MARGIN_CALL");
        assertThat(marginCall.get("flags").get(0).get("priceId").asText()).isEqualTo("px-145k");
        assertThat(marginCall.get("flags").get(0).get("ltvBps").asLong()).isEqualTo(7_250);
        assertThat(harness.lastEvent())
                .hasValueSatisfying(event -> assertThat(event.name()).isEqualTo("LoanFlagged"));
        assertThat(harness.refusalCode(
                        LENDER, (c, ctx) -> c.liquidate(ctx, "e-liq-early", Fixtures.json(Map.of("loanId", "loan-1")))))
                .isEqualTo(ErrorCode.NOT_LIQUIDATABLE);

        scenario.recordPrice("px-165k", 16_500_000L);
        assertThat(checkMargin("e-check-2").get("flags").findValuesAsText("reason"))
                .containsExactly("MARGIN_CALL", "LIQUIDATABLE");
        assertThat(harness.refusalCode(
                        MANUFACTURER,
                        (c, ctx) -> c.liquidate(ctx, "e-liq-borrower", Fixtures.json(Map.of("loanId", "loan-1")))))
                .isEqualTo(ErrorCode.NOT_LENDER);

        JsonNode liquidated = Fixtures.tree(harness.submit(
                LENDER, (c, ctx) -> c.liquidate(ctx, "e-liq", Fixtures.json(Map.of("loanId", "loan-1")))));

        assertThat(liquidated.get("status").asText()).isEqualTo("LIQUIDATED");
        assertThat(liquidated.get("closure").get("priceId").asText()).isEqualTo("px-165k");
        assertThat(liquidated.get("closure").get("ltvBps").asLong()).isEqualTo(8_250);
        JsonNode good = good("g1");
        assertThat(good.get("custodianOrg").asText()).isEqualTo(LENDER);
        assertThat(good.get("custodyHistory").findValuesAsText("action")).endsWith("LIQUIDATED");
        assertThat(endorsers("good", "g1")).containsExactly(LENDER);
        assertThat(harness.lastEvent())
                .hasValueSatisfying(event -> assertThat(event.name()).isEqualTo("LoanLiquidated"));
    }

    @Test
    void recordsARecoveryWithoutAFlagAndFlagsTheNextMarginCallAgain() {
        pledgeG1();
        scenario.recordPrice("px-150k", 15_000_000L);
        checkMargin("e-check-1");
        scenario.recordPrice("px-60k", 6_000_000L);

        JsonNode recovered = checkMargin("e-check-2");

        assertThat(recovered.get("marginState").asText()).isEqualTo("OK");
        assertThat(recovered.get("flags").findValuesAsText("reason")).containsExactly("MARGIN_CALL");
        assertThat(harness.lastEvent())
                .hasValueSatisfying(event -> assertThat(event.name()).isEqualTo("MarginChecked"));
        scenario.recordPrice("px-150k-again", 15_000_000L);
        assertThat(checkMargin("e-check-3").get("flags").findValuesAsText("priceId"))
                .containsExactly("px-150k", "px-150k-again");
    }

    @Test
    void liquidationLapsesAPendingOfferOfTheGood() {
        pledgeG1();
        scenario.proposeOnly("g1", MANUFACTURER, RETAILER);
        scenario.recordPrice("px-200k", 20_000_000L);

        harness.submit(LENDER, (c, ctx) -> c.liquidate(ctx, "e-liq", Fixtures.json(Map.of("loanId", "loan-1"))));

        JsonNode good = good("g1");
        assertThat(good.get("custodianOrg").asText()).isEqualTo(LENDER);
        assertThat(good.has("pendingTransfer")).isFalse();
        assertThat(harness.refusalCode(
                        RETAILER,
                        (c, ctx) -> c.acceptTransfer(ctx, "e-accept", Fixtures.json(Fixtures.goodOnly("g1")))))
                .isEqualTo(ErrorCode.NO_PENDING_TRANSFER);
    }

    @Test
    void letsTheLenderLiquidateOnceTheLastInstalmentIsPastDueWhateverThePrice() {
        pledgeG1();
        assertThat(harness.refusal(
                        LENDER, (c, ctx) -> c.liquidate(ctx, "e-liq-early", Fixtures.json(Map.of("loanId", "loan-1")))))
                .satisfies(refusal -> {
                    assertThat(ContractHarness.code(refusal)).isEqualTo(ErrorCode.NOT_LIQUIDATABLE);
                    assertThat(refusal.getMessage()).contains("past due (due at 2026-05-01T01:46:40Z)");
                });

        // The fixture's terms: the last of two instalments is due on 2026-05-01; the test clock starts on 2026-03-02.
        harness.advance(java.time.Duration.ofDays(61));
        JsonNode liquidated = Fixtures.tree(harness.submit(
                LENDER, (c, ctx) -> c.liquidate(ctx, "e-liq", Fixtures.json(Map.of("loanId", "loan-1")))));

        assertThat(liquidated.get("status").asText()).isEqualTo("LIQUIDATED");
        assertThat(liquidated.get("closure").get("reason").asText())
                .isEqualTo("PAST_DUE: the last instalment was due at 2026-05-01T01:46:40Z");
        assertThat(liquidated.get("closure").has("priceId")).isFalse();
        assertThat(good("g1").get("custodianOrg").asText()).isEqualTo(LENDER);
    }

    @Test
    void refusesLiquidationWhileTheLoanIsBelowTheLiquidationThreshold() {
        pledgeG1();
        scenario.recordPrice("px-159.98k", 15_998_000L);

        ChaincodeException refusal = harness.refusal(
                LENDER, (c, ctx) -> c.liquidate(ctx, "e-liq", Fixtures.json(Map.of("loanId", "loan-1"))));

        assertThat(ContractHarness.code(refusal)).isEqualTo(ErrorCode.NOT_LIQUIDATABLE);
        assertThat(refusal.getMessage()).contains("loan-1", "px-159.98k", "7999", "8000", "15998001");
        assertThat(good("g1").get("custodianOrg").asText()).isEqualTo(MANUFACTURER);
    }

    @Test
    void valuesTheLoanAtTheLatestRecordedPriceWithExactThresholdPrices() {
        pledgeG1();
        scenario.recordPrice("px-139k", 13_999_999L);

        JsonNode below = evaluation("loan-1");

        assertThat(below.get("priceId").asText()).isEqualTo("px-139k");
        assertThat(below.get("ltvBps").asLong()).isEqualTo(7_000);
        assertThat(below.get("state").asText()).isEqualTo("MARGIN_CALL");
        assertThat(below.get("marginCallAtMinorUnitsPerBtc").asLong()).isEqualTo(13_998_001L);
        assertThat(below.get("liquidationAtMinorUnitsPerBtc").asLong()).isEqualTo(15_998_001L);
        assertThat(below.get("collateralValueSats").asLong()).isEqualTo(71_428_576L);
        assertThat(below.get("marginLeftBps").asLong()).isZero();

        scenario.recordPrice("px-139.98k", 13_998_000L);
        JsonNode atEdge = evaluation("loan-1");
        assertThat(atEdge.get("ltvBps").asLong()).isEqualTo(6_999);
        assertThat(atEdge.get("state").asText()).isEqualTo("OK");
        assertThat(atEdge.get("marginLeftBps").asLong()).isEqualTo(1);
    }

    @Test
    void neverValuesAtAStalePrice() {
        pledgeG1();
        harness.advance(Duration.ofHours(25));

        ChaincodeException refusal = harness.evaluationRefusal(LENDER, (c, ctx) -> c.evaluateLoan(ctx, "loan-1"));

        assertThat(ContractHarness.code(refusal)).isEqualTo(ErrorCode.PRICE_NOT_FOUND);
        assertThat(refusal.getMessage()).contains("USD");
        assertThat(harness.refusalCode(
                        LENDER, (c, ctx) -> c.liquidate(ctx, "e-liq", Fixtures.json(Map.of("loanId", "loan-1")))))
                .isEqualTo(ErrorCode.PRICE_NOT_FOUND);
    }

    @Test
    void refusesAPledgeAboveTheMaximumLoanToValue() {
        Map<String, Object> pledge = Fixtures.pledge(
                "loan-big", "g1", LENDER, 100_000_001L, APPRAISED_CENTS, Fixtures.paymentHash(preimage));
        scenario.offer(MANUFACTURER, pledge);

        ChaincodeException refusal = harness.refusal(
                MANUFACTURER,
                Scenario.terms(MANUFACTURER),
                (c, ctx) -> c.pledgeGood(ctx, "e-big", Fixtures.json(pledge)));

        assertThat(ContractHarness.code(refusal)).isEqualTo(ErrorCode.LTV_TOO_HIGH);
        assertThat(refusal.getMessage()).contains("loan-big", "5001", "px-50k");
    }

    @Test
    void refusesToPledgeAQuarantinedGood() {
        scenario.qualityCheck(MANUFACTURER, "g1", "FAIL");

        assertThat(ContractHarness.code(pledgeRefusal(MANUFACTURER, "loan-q", "g1")))
                .isEqualTo(ErrorCode.GOOD_QUARANTINED);
    }

    @Test
    void refusesToPledgeAGoodWithAPendingTransfer() {
        scenario.proposeOnly("g1", MANUFACTURER, RETAILER);

        assertThat(ContractHarness.code(pledgeRefusal(MANUFACTURER, "loan-t", "g1")))
                .isEqualTo(ErrorCode.TRANSFER_PENDING);
    }

    @Test
    void refusesAPledgeWithoutTermsOrToAnOrgThatIsNotALender() {
        String request = pledgeRequest("loan-x", "g1");
        assertThat(harness.refusal(MANUFACTURER, (c, ctx) -> c.pledgeGood(ctx, "e-1", request)))
                .hasMessageContaining("loanTerms")
                .hasMessageContaining("loan-x");

        String toRetailer =
                Fixtures.json(Fixtures.pledge("loan-y", "g1", RETAILER, 1, 1, Fixtures.paymentHash(preimage)));
        ChaincodeException refusal = harness.refusal(
                MANUFACTURER,
                Fixtures.termsTransient(Fixtures.loanTerms("x")),
                (c, ctx) -> c.pledgeGood(ctx, "e-2", toRetailer));
        assertThat(ContractHarness.code(refusal)).isEqualTo(ErrorCode.INVALID_ARGUMENT);
        assertThat(refusal.getMessage()).contains(RETAILER, "loan-y");
    }

    @Test
    void refusesTheSameEventIdWithOtherPrivateTerms() {
        Map<String, Object> pledge = Fixtures.pledge(
                "loan-1", "g1", LENDER, PRINCIPAL_SATS, APPRAISED_CENTS, Fixtures.paymentHash(preimage));
        scenario.offer(MANUFACTURER, pledge);
        String request = Fixtures.json(pledge);
        harness.submit(MANUFACTURER, Scenario.terms(MANUFACTURER), (c, ctx) -> c.pledgeGood(ctx, "e-pledge", request));

        assertThat(harness.refusalCode(
                        MANUFACTURER,
                        Fixtures.termsTransient(Fixtures.loanTerms("Other Terms")),
                        (c, ctx) -> c.pledgeGood(ctx, "e-pledge", request)))
                .isEqualTo(ErrorCode.EVENT_ID_REUSED);
    }

    @Test
    void showsThePrivateTermsToBorrowerAndLenderOnly() {
        JsonNode lien = Fixtures.tree(pledgeG1());

        for (String party : List.of(MANUFACTURER, LENDER)) {
            String terms = harness.evaluate(party, (c, ctx) -> c.getLoanTerms(ctx, "loan-1"));
            assertThat(Fixtures.tree(terms)
                            .get("borrowerDetails")
                            .get("legalName")
                            .asText())
                    .isEqualTo(MANUFACTURER + " Ltd");
            assertThat(Fixtures.sha256Hex(terms))
                    .isEqualTo(lien.get("termsSha256").asText());
        }
        ChaincodeException refusal = harness.evaluationRefusal(RETAILER, (c, ctx) -> c.getLoanTerms(ctx, "loan-1"));
        assertThat(ContractHarness.code(refusal)).isEqualTo(ErrorCode.NOT_LOAN_PARTY);
        assertThat(refusal.getMessage()).contains(RETAILER, "loan-1");
    }

    @Test
    void retailersPeerHoldsNoCopyOfTheTerms() {
        pledgeG1();

        IllegalStateException refused = catchThrowableOfType(
                IllegalStateException.class,
                () -> harness.evaluate(
                        RETAILER,
                        (c, ctx) -> new String(
                                ctx.getStub().getPrivateData("loanTerms_ManufacturerMSP_LenderMSP", "x"),
                                StandardCharsets.UTF_8)));

        assertThat(refused)
                .hasMessageContaining("loanTerms_ManufacturerMSP_LenderMSP")
                .hasMessageContaining(RETAILER);
    }

    @Test
    void keepsOnlyTheHashOfTheTermsInPublicState() {
        JsonNode lien = Fixtures.tree(pledgeG1());

        assertThat(harness.ledger().publicValues())
                .noneMatch(value -> value.contains(MANUFACTURER + " Ltd")
                        || value.contains("HRB-4711")
                        || value.contains("interestBps"));
        assertThat(harness.ledger().snapshot())
                .anySatisfy((key, value) -> assertThat(key).startsWith("private:loanTerms_ManufacturerMSP_LenderMSP:"));
        assertThat(lien.get("termsSha256").asText()).hasSize(64);
    }

    @Test
    void flagsTheLoanWhenItsGoodFailsAQualityCheckOrIsRecalled() {
        pledgeG1();

        scenario.qualityCheck(MANUFACTURER, "g1", "PASS");
        scenario.qualityCheck(MANUFACTURER, "g1", "FAIL");
        harness.submit(
                MANUFACTURER,
                (c, ctx) -> c.recallGood(ctx, "e-recall", Fixtures.json(Map.of("goodId", "g1", "reason", "porosity"))));

        JsonNode flags = lien("loan-1").get("flags");
        assertThat(flags.findValuesAsText("reason")).containsExactly("QUALITY_FAILED", "RECALLED");
        assertThat(flags.get(1).get("eventId").asText()).isEqualTo("e-recall");
    }

    @Test
    void flagsALoanOnAProductWhenARecalledPartIsInsideIt() {
        scenario.assemble("prod", "r-asm", List.of("g1", "g2"));
        scenario.pledge(
                MANUFACTURER, "loan-p", "prod", PRINCIPAL_SATS, APPRAISED_CENTS, Fixtures.paymentHash(preimage));

        harness.submit(
                MANUFACTURER,
                (c, ctx) -> c.recallGood(ctx, "e-recall", Fixtures.json(Map.of("goodId", "g2", "reason", "crack"))));

        assertThat(lien("loan-p").get("flags").findValuesAsText("reason")).containsExactly("RECALLED");
    }

    @Test
    void recordsNothingWhenTheMarginStateIsUnchanged() {
        pledgeG1();
        var before = harness.ledger().snapshot();

        JsonNode checked = checkMargin("e-check");

        assertThat(checked.get("flags")).isEmpty();
        assertThat(harness.lastEvent())
                .hasValueSatisfying(event -> assertThat(event.name()).isEqualTo("MarginChecked"));
        assertThat(harness.ledger().snapshot().keySet())
                .hasSize(before.size() + 1)
                .anySatisfy(key -> assertThat(key).contains("e-check"));
    }

    @Test
    void listsLoansByLenderAndByBorrower() {
        pledgeG1();
        scenario.transfer("g2", MANUFACTURER, RETAILER);
        scenario.pledge(RETAILER, "loan-r", "g2", PRINCIPAL_SATS, APPRAISED_CENTS, Fixtures.paymentHash(preimage));

        assertThat(Fixtures.tree(harness.evaluate(ORACLE, (c, ctx) -> c.loansByLender(ctx, LENDER)))
                        .findValuesAsText("loanId"))
                .containsExactly("loan-1", "loan-r");
        assertThat(Fixtures.tree(harness.evaluate(ORACLE, (c, ctx) -> c.loansByBorrower(ctx, RETAILER)))
                        .findValuesAsText("loanId"))
                .containsExactly("loan-r");
        assertThat(Fixtures.tree(harness.evaluate(RETAILER, (c, ctx) -> c.getLoanTerms(ctx, "loan-r")))
                        .get("borrowerDetails")
                        .get("legalName")
                        .asText())
                .isEqualTo(RETAILER + " Ltd");
    }

    @Test
    void refusesADuplicatePriceIdAndAPriceFromTheFuture() {
        String again = Fixtures.json(Fixtures.btcPrice("px-50k", 5_100_000L, harness.nextTxEpochMillis()));
        assertThat(harness.refusalCode(ORACLE, (c, ctx) -> c.recordBtcPrice(ctx, "e-dup", again)))
                .isEqualTo(ErrorCode.PRICE_ALREADY_RECORDED);

        String future = Fixtures.json(Fixtures.btcPrice(
                "px-future",
                5_100_000L,
                harness.nextTxEpochMillis() + Duration.ofMinutes(6).toMillis()));
        assertThat(harness.refusal(ORACLE, (c, ctx) -> c.recordBtcPrice(ctx, "e-future", future)))
                .hasMessageContaining("px-future");
    }

    @Test
    void takesTheLatestPriceByObservationTimeNotByRecordingOrder() {
        long now = harness.nextTxEpochMillis();
        harness.submit(
                ORACLE,
                (c, ctx) -> c.recordBtcPrice(
                        ctx,
                        "e-late",
                        Fixtures.json(Fixtures.btcPrice("px-observed-earlier", 9_000_000L, now - 60_000))));

        JsonNode latest = Fixtures.tree(harness.evaluate(LENDER, (c, ctx) -> c.latestBtcPrice(ctx, "USD")));

        assertThat(latest.get("priceId").asText()).isEqualTo("px-50k");
    }
}
