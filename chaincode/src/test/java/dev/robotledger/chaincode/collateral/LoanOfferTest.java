package dev.robotledger.chaincode.collateral;

import static dev.robotledger.chaincode.testing.Scenario.LENDER;
import static dev.robotledger.chaincode.testing.Scenario.MANUFACTURER;
import static dev.robotledger.chaincode.testing.Scenario.RETAILER;
import static dev.robotledger.contract.ContractTransaction.OFFER_LOAN;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.robotledger.chaincode.testing.ContractHarness;
import dev.robotledger.chaincode.testing.Fixtures;
import dev.robotledger.chaincode.testing.Scenario;
import dev.robotledger.contract.ErrorCode;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.hyperledger.fabric.shim.ChaincodeException;
import org.hyperledger.fabric.shim.ext.sbe.impl.StateBasedEndorsementFactory;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The lender's offer before the custodian's pledge: a lien exists only for a pledge of exactly the
 * request and terms the lender offered, to that borrower, before the offer expired.
 */
class LoanOfferTest {

    private final ContractHarness harness = new ContractHarness();
    private final Scenario scenario = new Scenario(harness);
    private final Map<String, Object> pledge = Fixtures.pledge(
            "loan-1", "g1", LENDER, 50_000_000L, 10_000_000L, Fixtures.paymentHash(Fixtures.newPreimage()));

    @BeforeEach
    void aGoodAndAPrice() {
        scenario.registerRobot("r1");
        scenario.produce("g1", "r1");
        scenario.recordPrice("px-50k", 5_000_000L);
    }

    private String offer(Map<String, Object> offered, String borrower, long expiresAt) {
        String request = Fixtures.json(Fixtures.offer(offered, borrower, expiresAt));
        return harness.submit(LENDER, Scenario.terms(borrower), (c, ctx) -> c.offerLoan(ctx, "e-offer", request));
    }

    private ChaincodeException offerRefusal(
            String mspId, Map<String, Object> offered, String borrower, long expiresAt) {
        String request = Fixtures.json(Fixtures.offer(offered, borrower, expiresAt));
        return harness.refusal(mspId, Scenario.terms(borrower), (c, ctx) -> c.offerLoan(ctx, "e-offer", request));
    }

    private long tomorrow() {
        return harness.nextTxEpochMillis() + Duration.ofDays(1).toMillis();
    }

    private ChaincodeException pledgeRefusal(String mspId, Map<String, Object> pledged, Map<String, byte[]> terms) {
        String request = Fixtures.json(pledged);
        return harness.refusal(mspId, terms, (c, ctx) -> c.pledgeGood(ctx, "e-pledge", request));
    }

    private JsonNode offerOf(String loanId) {
        return Fixtures.tree(harness.evaluate(RETAILER, (c, ctx) -> c.getLoanOffer(ctx, loanId)));
    }

    @Test
    void recordsAnOpenOfferThatOnlyTheLendersPeerMayChange() {
        JsonNode offer = Fixtures.tree(offer(pledge, MANUFACTURER, tomorrow()));

        assertThat(offer.get("status").asText()).isEqualTo("OPEN");
        assertThat(offer.get("lenderOrg").asText()).isEqualTo(LENDER);
        assertThat(offer.get("borrowerOrg").asText()).isEqualTo(MANUFACTURER);
        assertThat(offer.get("pledge").get("principalSats").asLong()).isEqualTo(50_000_000L);
        assertThat(offer.get("termsSha256").asText()).hasSize(64);
        assertThat(harness.lastEvent()).hasValueSatisfying(event -> {
            assertThat(event.name()).isEqualTo("LoanOffered");
            assertThat(Fixtures.tree(new String(event.payload(), StandardCharsets.UTF_8))
                            .get("relatedIds")
                            .get(0)
                            .asText())
                    .isEqualTo("g1");
        });
        byte[] policy = harness.validationParameter("offer", "loan-1");
        assertThat(StateBasedEndorsementFactory.getInstance()
                        .newStateBasedEndorsement(policy)
                        .listOrgs())
                .containsExactly(LENDER);
        assertThat(Fixtures.tree(harness.evaluate(MANUFACTURER, (c, ctx) -> c.loanOffersToBorrower(ctx, MANUFACTURER))))
                .singleElement()
                .satisfies(listed -> assertThat(listed.get("loanId").asText()).isEqualTo("loan-1"));
        assertThat(harness.evaluate(MANUFACTURER, (c, ctx) -> c.loanOffersToBorrower(ctx, RETAILER)))
                .isEqualTo("[]");
    }

    @Test
    void pledgingTheOfferAcceptsItAndCreatesTheLien() {
        offer(pledge, MANUFACTURER, tomorrow());

        String pledgeRequest = Fixtures.json(pledge);
        JsonNode lien = Fixtures.tree(harness.submit(
                MANUFACTURER, Scenario.terms(MANUFACTURER), (c, ctx) -> c.pledgeGood(ctx, "e-pledge", pledgeRequest)));

        assertThat(lien.get("status").asText()).isEqualTo("ACTIVE");
        JsonNode offer = offerOf("loan-1");
        assertThat(offer.get("status").asText()).isEqualTo("ACCEPTED");
        assertThat(offer.get("closure").get("eventId").asText()).isEqualTo("e-pledge");
        assertThat(offer.get("closure").get("byOrg").asText()).isEqualTo(MANUFACTURER);
        assertThat(offer.get("termsSha256").asText())
                .isEqualTo(lien.get("termsSha256").asText());
    }

    @Test
    void refusesAPledgeTheLenderNeverOffered() {
        ChaincodeException refusal = pledgeRefusal(MANUFACTURER, pledge, Scenario.terms(MANUFACTURER));

        assertThat(ContractHarness.code(refusal)).isEqualTo(ErrorCode.LOAN_OFFER_NOT_FOUND);
        assertThat(refusal.getMessage()).contains("loan-1", LENDER, OFFER_LOAN.functionName());
        assertThat(harness.evaluationRefusal(LENDER, (c, ctx) -> c.getLien(ctx, "loan-1")))
                .isNotNull();
    }

    @Test
    void refusesAPledgeThatDiffersFromTheOfferNamingEachField() {
        offer(pledge, MANUFACTURER, tomorrow());
        Map<String, Object> larger = new LinkedHashMap<>(pledge);
        larger.put("principalSats", 60_000_000L);
        larger.put("maxLtvBps", 6_000);

        ChaincodeException refusal = pledgeRefusal(MANUFACTURER, larger, Scenario.terms(MANUFACTURER));

        assertThat(ContractHarness.code(refusal)).isEqualTo(ErrorCode.LOAN_OFFER_MISMATCH);
        assertThat(refusal.getMessage())
                .contains(
                        "loan-1",
                        "principalSats (offered 50000000, pledged 60000000)",
                        "maxLtvBps (offered 5000, pledged 6000)");
        assertThat(offerOf("loan-1").get("status").asText()).isEqualTo("OPEN");
    }

    @Test
    void refusesAPledgeWithOtherTermsThanOffered() {
        offer(pledge, MANUFACTURER, tomorrow());

        ChaincodeException refusal =
                pledgeRefusal(MANUFACTURER, pledge, Fixtures.termsTransient(Fixtures.loanTerms("Someone Else Ltd")));

        assertThat(ContractHarness.code(refusal)).isEqualTo(ErrorCode.LOAN_OFFER_MISMATCH);
        assertThat(refusal.getMessage()).contains("loan terms", "loan-1");
    }

    @Test
    void refusesAPledgeAfterTheOfferExpired() {
        offer(pledge, MANUFACTURER, tomorrow());
        harness.advance(Duration.ofDays(2));
        scenario.recordPrice("px-later", 5_000_000L);

        ChaincodeException refusal = pledgeRefusal(MANUFACTURER, pledge, Scenario.terms(MANUFACTURER));

        assertThat(ContractHarness.code(refusal)).isEqualTo(ErrorCode.LOAN_OFFER_EXPIRED);
        assertThat(refusal.getMessage()).contains("loan-1");
    }

    @Test
    void refusesAPledgeByAnotherCustodianThanTheOfferedBorrower() {
        offer(pledge, MANUFACTURER, tomorrow());
        scenario.transfer("g1", MANUFACTURER, RETAILER);

        ChaincodeException refusal = pledgeRefusal(RETAILER, pledge, Scenario.terms(MANUFACTURER));

        assertThat(ContractHarness.code(refusal)).isEqualTo(ErrorCode.NOT_LOAN_PARTY);
        assertThat(refusal.getMessage()).contains("loan-1", MANUFACTURER, RETAILER);
    }

    @Test
    void aWithdrawnOfferCannotBePledgedNorWithdrawnAgain() {
        offer(pledge, MANUFACTURER, tomorrow());
        String withdrawal = Fixtures.json(Map.of("loanId", "loan-1", "reason", "rates moved"));
        harness.submit(LENDER, (c, ctx) -> c.withdrawLoanOffer(ctx, "e-withdraw", withdrawal));

        assertThat(offerOf("loan-1").get("status").asText()).isEqualTo("WITHDRAWN");
        assertThat(offerOf("loan-1").get("closure").get("reason").asText()).isEqualTo("rates moved");
        assertThat(harness.lastEvent())
                .hasValueSatisfying(event -> assertThat(event.name()).isEqualTo("LoanOfferWithdrawn"));
        assertThat(ContractHarness.code(pledgeRefusal(MANUFACTURER, pledge, Scenario.terms(MANUFACTURER))))
                .isEqualTo(ErrorCode.LOAN_OFFER_NOT_OPEN);
        assertThat(harness.refusalCode(LENDER, (c, ctx) -> c.withdrawLoanOffer(ctx, "e-withdraw-2", withdrawal)))
                .isEqualTo(ErrorCode.LOAN_OFFER_NOT_OPEN);
    }

    @Test
    void refusesAnOfferInAnotherLendersName() {
        Map<String, Object> asRetailer = new LinkedHashMap<>(pledge);
        asRetailer.put("lenderOrg", "OtherLenderMSP");

        ChaincodeException refusal = offerRefusal(LENDER, asRetailer, MANUFACTURER, tomorrow());

        assertThat(ContractHarness.code(refusal)).isEqualTo(ErrorCode.INVALID_ARGUMENT);
        assertThat(refusal.getMessage()).contains("loan-1", "OtherLenderMSP", LENDER);
    }

    @Test
    void refusesAnOfferToAnOrgThatDoesNotHoldTheGood() {
        ChaincodeException refusal = offerRefusal(LENDER, pledge, RETAILER, tomorrow());

        assertThat(ContractHarness.code(refusal)).isEqualTo(ErrorCode.NOT_CUSTODIAN);
        assertThat(refusal.getMessage()).contains("loan-1", "g1", RETAILER, MANUFACTURER);
    }

    @Test
    void refusesAnOfferToALenderOrAnUnknownBorrower() {
        assertThat(ContractHarness.code(offerRefusal(LENDER, pledge, LENDER, tomorrow())))
                .isEqualTo(ErrorCode.INVALID_ARGUMENT);
        assertThat(offerRefusal(LENDER, pledge, "NobodyMSP", tomorrow())).hasMessageContaining("NobodyMSP");
    }

    @Test
    void refusesAnOfferThatHasAlreadyExpired() {
        ChaincodeException refusal = offerRefusal(LENDER, pledge, MANUFACTURER, harness.nextTxEpochMillis());

        assertThat(ContractHarness.code(refusal)).isEqualTo(ErrorCode.INVALID_ARGUMENT);
        assertThat(refusal.getMessage()).contains("loan-1", "expires");
    }

    @Test
    void refusesASecondOfferUnderTheSameLoanId() {
        offer(pledge, MANUFACTURER, tomorrow());
        String again = Fixtures.json(Fixtures.offer(pledge, MANUFACTURER, tomorrow()));

        assertThat(harness.refusalCode(
                        LENDER, Scenario.terms(MANUFACTURER), (c, ctx) -> c.offerLoan(ctx, "e-offer-2", again)))
                .isEqualTo(ErrorCode.LOAN_OFFER_EXISTS);
    }

    @Test
    void refusesAnOfferWithoutTerms() {
        String request = Fixtures.json(Fixtures.offer(pledge, MANUFACTURER, tomorrow()));

        assertThat(harness.refusal(LENDER, (c, ctx) -> c.offerLoan(ctx, "e-offer", request)))
                .hasMessageContaining("loanTerms")
                .hasMessageContaining("loan-1");
    }
}
