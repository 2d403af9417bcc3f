package dev.robotledger.gateway.collateral.fabric;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.robotledger.chaincode.testing.ContractHarness;
import dev.robotledger.chaincode.testing.Fixtures;
import dev.robotledger.chaincode.testing.Scenario;
import dev.robotledger.chaincode.testing.WriteCatalogue;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.hyperledger.fabric.shim.ChaincodeException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The codes the gateway reads from refusal messages, held to the real contract: the contract
 * (the chaincode's test harness) refuses, sending its code as payload and its message, and the
 * gateway must read the same code from the message as a peer's Gateway passes it on
 * ({@code chaincode response 500, <message>}).
 */
class ChaincodeRefusalsTest {

    private static final Set<String> COLLATERAL_CODES = Set.of("FORBIDDEN_ORG", "NOT_LENDER", "NOT_CUSTODIAN",
            "NOT_LOAN_PARTY", "LIEN_ALREADY_EXISTS", "LOAN_OFFER_EXISTS", "GOOD_ENCUMBERED", "LIEN_NOT_ACTIVE",
            "LOAN_OFFER_MISMATCH", "LOAN_OFFER_NOT_FOUND", "LIEN_NOT_FOUND", "PREIMAGE_MISMATCH",
            "PRICE_ALREADY_RECORDED", "EVENT_ID_REUSED", "GOOD_NOT_ACTIVE", "TRANSFER_PENDING");
    private static final List<String> ORGS = List.of(Scenario.MANUFACTURER, Scenario.RETAILER, Scenario.LENDER,
            Scenario.ORACLE, "IntruderMSP");

    private ContractHarness harness;
    private Scenario scenario;

    @BeforeEach
    void world() {
        harness = new ContractHarness();
        scenario = new Scenario(harness);
        WriteCatalogue.buildWorld(scenario);
    }

    private static void assertRead(ChaincodeException refusal) {
        String code = ContractHarness.code(refusal).name();
        assertThat(ChaincodeRefusals.codeOf("chaincode response 500, " + refusal.getMessage()))
                .as("the code read from '%s'", refusal.getMessage()).hasValue(code);
    }

    static Stream<Arguments> everyWriteByEveryOrg() {
        List<Arguments> arguments = new ArrayList<>();
        for (WriteCatalogue.Case write : WriteCatalogue.cases()) {
            ORGS.forEach(org -> arguments.add(Arguments.of(write, org)));
        }
        return arguments.stream();
    }

    /** Every refusal of the access matrix is read as the code the contract sent, or not at all for codes the loans never meet. */
    @ParameterizedTest(name = "{0} by {1}")
    @MethodSource("everyWriteByEveryOrg")
    void readsTheCodeOfEveryAccessRefusal(WriteCatalogue.Case write, String mspId) {
        ContractHarness fresh = new ContractHarness();
        WriteCatalogue.buildWorld(new Scenario(fresh));
        ChaincodeException refusal = catchThrowableOfType(ChaincodeException.class, () -> fresh.submit(mspId,
                write.transientData(), (c, ctx) -> write.write().call(c, ctx, "evt-refusal", write.requestFor(mspId))));
        if (refusal == null) {
            return;
        }
        String code = ContractHarness.code(refusal).name();
        if (COLLATERAL_CODES.contains(code)) {
            assertRead(refusal);
        } else {
            assertThat(ChaincodeRefusals.codeOf(refusal.getMessage())).as(refusal.getMessage())
                    .satisfiesAnyOf(read -> assertThat(read).isEmpty(), read -> assertThat(read).hasValue(code));
        }
    }

    private WriteCatalogue.Case write(String label) {
        return WriteCatalogue.cases().stream().filter(write -> write.label().equals(label)).findFirst().orElseThrow();
    }

    private ChaincodeException refusal(String mspId, String label, String eventId, String request,
                                       Map<String, byte[]> transientData) {
        WriteCatalogue.Case write = write(label);
        return harness.refusal(mspId, transientData, (c, ctx) -> write.write().call(c, ctx, eventId, request));
    }

    @Test
    void readsTheLoanRefusals() {
        WriteCatalogue.Case pledge = write("PledgeGood");
        String pledgeRequest = pledge.requestFor(Scenario.MANUFACTURER);
        String loan = "{\"loanId\":\"" + WriteCatalogue.LOAN + "\"}";

        assertRead(refusal(Scenario.MANUFACTURER, "PledgeGood", "evt-x", pledgeRequest,
                Fixtures.termsTransient(Fixtures.loanTerms("Someone Else Ltd"))));                   // LOAN_OFFER_MISMATCH
        assertRead(refusal(Scenario.MANUFACTURER, "PledgeGood", "evt-x",
                pledgeRequest.replace(WriteCatalogue.OFFERED_LOAN, WriteCatalogue.LOAN), pledge.transientData()));
        assertRead(refusal(Scenario.LENDER, "ReleaseWithPreimage", "evt-x",
                "{\"loanId\":\"" + WriteCatalogue.LOAN + "\",\"preimageHex\":\"" + "00".repeat(32) + "\"}", Map.of()));
        assertRead(refusal(Scenario.LENDER, "ReleaseByLender", "evt-x",
                "{\"loanId\":\"no-such-loan\",\"reason\":\"repaid\"}", Map.of()));                    // LIEN_NOT_FOUND
        assertRead(refusal(Scenario.LENDER, "WithdrawLoanOffer", "evt-x",
                "{\"loanId\":\"no-such-loan\",\"reason\":\"changed my mind\"}", Map.of()));            // LOAN_OFFER_NOT_FOUND

        harness.submit(Scenario.LENDER, (c, ctx) -> c.releaseByLender(ctx, "evt-release",
                "{\"loanId\":\"" + WriteCatalogue.LOAN + "\",\"reason\":\"repaid\"}"));
        assertRead(refusal(Scenario.LENDER, "Liquidate", "evt-y", loan, Map.of()));                  // LIEN_NOT_ACTIVE
        assertRead(refusal(Scenario.LENDER, "ReleaseByLender", "evt-release",
                "{\"loanId\":\"" + WriteCatalogue.LOAN + "\",\"reason\":\"other\"}", Map.of()));      // EVENT_ID_REUSED

        scenario.recordPrice("price-twice", 5_000_000);
        assertRead(harness.refusal(Scenario.ORACLE, (c, ctx) -> c.recordBtcPrice(ctx, "evt-price-again",
                Fixtures.json(Fixtures.btcPrice("price-twice", 5_000_000, harness.nextTxEpochMillis())))));
        assertRead(harness.evaluationRefusal(Scenario.RETAILER, (c, ctx) -> c.getLoanTerms(ctx, WriteCatalogue.LOAN)));
    }

    @Test
    void readsAnEncumberedGoodAndAnOfferMadeTwice() {
        String hash = Fixtures.paymentHash(Fixtures.newPreimage());
        Map<String, Object> second = Fixtures.pledge("loan-second", WriteCatalogue.PLEDGED_GOOD, Scenario.LENDER,
                10_000_000, 10_000_000, hash);
        assertRead(harness.refusal(Scenario.LENDER, Scenario.terms(Scenario.MANUFACTURER), (c, ctx) -> c.offerLoan(ctx,
                "evt-offer-again", Fixtures.json(Fixtures.offer(Fixtures.pledge(WriteCatalogue.OFFERED_LOAN,
                        WriteCatalogue.MANUFACTURERS_GOOD, Scenario.LENDER, 10_000_000, 10_000_000, hash),
                        Scenario.MANUFACTURER, harness.nextTxEpochMillis() + 3_600_000)))));   // LOAN_OFFER_EXISTS
        scenario.offer(Scenario.MANUFACTURER, second);
        assertRead(harness.refusal(Scenario.MANUFACTURER, Scenario.terms(Scenario.MANUFACTURER),
                (c, ctx) -> c.pledgeGood(ctx, "evt-second-pledge", Fixtures.json(second))));          // GOOD_ENCUMBERED
    }

    @Test
    void leavesAMessageItDoesNotKnowUnread() {
        assertThat(ChaincodeRefusals.codeOf("chaincode response 500, something new went wrong")).isEmpty();
        assertThat(ChaincodeRefusals.chaincodeMessage("chaincode response 500, loan l-1 already exists"))
                .isEqualTo("loan l-1 already exists");
    }
}
