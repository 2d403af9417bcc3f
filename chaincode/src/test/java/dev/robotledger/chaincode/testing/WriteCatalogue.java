package dev.robotledger.chaincode.testing;

import static dev.robotledger.chaincode.testing.Scenario.LENDER;
import static dev.robotledger.chaincode.testing.Scenario.MANUFACTURER;
import static dev.robotledger.chaincode.testing.Scenario.ORACLE;
import static dev.robotledger.chaincode.testing.Scenario.RETAILER;
import static dev.robotledger.contract.ContractTransaction.ACCEPT_TRANSFER;
import static dev.robotledger.contract.ContractTransaction.ASSEMBLE_PRODUCT;
import static dev.robotledger.contract.ContractTransaction.CANCEL_TRANSFER;
import static dev.robotledger.contract.ContractTransaction.CHECK_MARGIN;
import static dev.robotledger.contract.ContractTransaction.DISPOSE_QUARANTINED;
import static dev.robotledger.contract.ContractTransaction.LIQUIDATE;
import static dev.robotledger.contract.ContractTransaction.OFFER_LOAN;
import static dev.robotledger.contract.ContractTransaction.PLEDGE_GOOD;
import static dev.robotledger.contract.ContractTransaction.PROPOSE_TRANSFER;
import static dev.robotledger.contract.ContractTransaction.RECALL_GOOD;
import static dev.robotledger.contract.ContractTransaction.RECALL_ROBOT_OUTPUT;
import static dev.robotledger.contract.ContractTransaction.RECORD_ANCHOR;
import static dev.robotledger.contract.ContractTransaction.RECORD_BITCOIN_ANCHOR;
import static dev.robotledger.contract.ContractTransaction.RECORD_BTC_PRICE;
import static dev.robotledger.contract.ContractTransaction.RECORD_DISBURSEMENT;
import static dev.robotledger.contract.ContractTransaction.RECORD_PRODUCTION;
import static dev.robotledger.contract.ContractTransaction.REGISTER_ROBOT;
import static dev.robotledger.contract.ContractTransaction.REJECT_TRANSFER;
import static dev.robotledger.contract.ContractTransaction.RELEASE_BY_LENDER;
import static dev.robotledger.contract.ContractTransaction.RELEASE_WITH_PREIMAGE;
import static dev.robotledger.contract.ContractTransaction.REVOKE_ROBOT;
import static dev.robotledger.contract.ContractTransaction.WITHDRAW_LOAN_OFFER;

import dev.robotledger.chaincode.ProvenanceContract;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.hyperledger.fabric.contract.Context;

/**
 * Every write function of the contract, each with a request that is valid in the shared
 * {@link #buildWorld world} when sent by {@code allowedMsp}, and a variant request for testing
 * event-id reuse. The access-control matrix and the replay tests iterate over this list.
 */
public final class WriteCatalogue {

    /** Calls one write function. */
    @FunctionalInterface
    public interface Write {
        String call(ProvenanceContract contract, Context ctx, String eventId, String request);
    }

    /**
     * One write function (or a case of it): {@code label} matches a row of the README's matrix;
     * the request may depend on the calling org (a quality check on the caller's own good).
     */
    public record Case(
            String label,
            String allowedMsp,
            Write write,
            Function<String, String> request,
            String variantRequest,
            Map<String, byte[]> transientData) {

        Case(String label, String allowedMsp, Write write, Function<String, String> request, String variantRequest) {
            this(label, allowedMsp, write, request, variantRequest, Map.of());
        }

        public String requestFor(String mspId) {
            return request.apply(mspId);
        }

        @Override
        public String toString() {
            return label;
        }
    }

    /** Goods the world holds, by custodian. */
    public static final String MANUFACTURERS_GOOD = "g-m";

    public static final String RETAILERS_GOOD = "g-r";
    public static final String LENDERS_GOOD = "g-l";
    public static final String PENDING_GOOD = "g-pending";
    /** Held by the manufacturer, quarantined by a failed check. */
    public static final String QUARANTINED_GOOD = "g-q";
    /** Pledged by the manufacturer to the lender; the latest price makes it LIQUIDATABLE. */
    public static final String LOAN = "loan-1";

    public static final String PLEDGED_GOOD = "g-loan";
    // Generated once per run: every world pledges with the same payment hash.
    public static final String LOAN_PREIMAGE = Fixtures.newPreimage();
    /** Offered by the lender to the manufacturer against {@code g-m}, not yet pledged. */
    public static final String OFFERED_LOAN = "loan-new";

    private static final Map<String, Object> OFFERED_PLEDGE = Fixtures.pledge(
            OFFERED_LOAN,
            MANUFACTURERS_GOOD,
            LENDER,
            10_000_000L,
            100_000_00L,
            Fixtures.paymentHash(Fixtures.newPreimage()));

    private WriteCatalogue() {}

    /**
     * Robots r1 and r-asm of the manufacturer; goods held by each org; parts p1, p2 ready to
     * assemble; {@code g-q} quarantined by a failed check; {@code g-pending} offered by the manufacturer to the retailer; {@code g-loan}
     * pledged to the lender as {@code loan-1} (0.5 BTC against 100,000 USD at 50,000 USD per BTC,
     * 25% LTV), then a price of 170,000 USD per BTC (85% LTV: liquidatable); {@code loan-new}
     * offered by the lender to the manufacturer against {@code g-m}.
     */
    public static void buildWorld(Scenario scenario) {
        scenario.registerRobot("r1");
        scenario.registerRobot("r-asm");
        for (String good :
                List.of(MANUFACTURERS_GOOD, RETAILERS_GOOD, LENDERS_GOOD, PENDING_GOOD, QUARANTINED_GOOD, "p1", "p2")) {
            scenario.produce(good, "r1", 1_772_438_400_000L);
        }
        scenario.qualityCheck(MANUFACTURER, QUARANTINED_GOOD, "FAIL");
        scenario.transfer(RETAILERS_GOOD, MANUFACTURER, RETAILER);
        scenario.transfer(LENDERS_GOOD, MANUFACTURER, LENDER);
        scenario.proposeOnly(PENDING_GOOD, MANUFACTURER, RETAILER);
        scenario.produce(PLEDGED_GOOD, "r1", 1_772_438_400_000L);
        scenario.recordPrice("px-1", 5_000_000L);
        scenario.pledge(
                MANUFACTURER, LOAN, PLEDGED_GOOD, 50_000_000L, 100_000_00L, Fixtures.paymentHash(LOAN_PREIMAGE));
        scenario.recordPrice("px-2", 17_000_000L);
        scenario.offer(MANUFACTURER, OFFERED_PLEDGE);
    }

    public static List<Case> cases() {
        String pending = Fixtures.json(Fixtures.goodOnly(PENDING_GOOD));
        String otherPending = Fixtures.json(Map.of("goodId", MANUFACTURERS_GOOD));
        // Generated once: a replay must send the very same key.
        String newRobot = Fixtures.json(Fixtures.robot("r-new"));
        String newPledge = Fixtures.json(OFFERED_PLEDGE);
        Map<String, Object> otherPledge = new LinkedHashMap<>(OFFERED_PLEDGE);
        otherPledge.put("principalSats", 20_000_000L);
        Map<String, Object> newOffer = Fixtures.pledge(
                "loan-offer",
                MANUFACTURERS_GOOD,
                LENDER,
                10_000_000L,
                100_000_00L,
                Fixtures.paymentHash(Fixtures.newPreimage()));
        long expiry = 1_900_000_000_000L;
        String loan = Fixtures.json(Map.of("loanId", LOAN));
        return List.of(
                new Case(
                        REGISTER_ROBOT.functionName(),
                        MANUFACTURER,
                        ProvenanceContract::registerRobot,
                        msp -> newRobot,
                        Fixtures.json(Fixtures.robot("r-other"))),
                new Case(
                        REVOKE_ROBOT.functionName(),
                        MANUFACTURER,
                        ProvenanceContract::revokeRobot,
                        msp -> Fixtures.json(Map.of("robotId", "r1", "reason", "retired")),
                        Fixtures.json(Map.of("robotId", "r1", "reason", "key leaked"))),
                new Case(
                        RECORD_PRODUCTION.functionName(),
                        MANUFACTURER,
                        ProvenanceContract::recordProduction,
                        msp -> Fixtures.json(Fixtures.production("g-new", "r1", 1_772_438_400_000L)),
                        Fixtures.json(Fixtures.production("g-new", "r1", 1_772_438_400_001L))),
                new Case(
                        ASSEMBLE_PRODUCT.functionName(),
                        MANUFACTURER,
                        ProvenanceContract::assembleProduct,
                        msp -> Fixtures.json(
                                Fixtures.assembly("prod-new", "r-asm", 1_772_438_500_000L, Scenario.parts("p1", "p2"))),
                        Fixtures.json(
                                Fixtures.assembly("prod-new", "r-asm", 1_772_438_500_000L, Scenario.parts("p1")))),
                new Case(
                        "RecordQualityCheck (good the caller holds)",
                        MANUFACTURER,
                        ProvenanceContract::recordQualityCheck,
                        msp -> Fixtures.json(
                                Fixtures.qualityCheck(goodHeldBy(msp), Scenario.productionOf(goodHeldBy(msp)), "PASS")),
                        Fixtures.json(Fixtures.qualityCheck(
                                MANUFACTURERS_GOOD, Scenario.productionOf(MANUFACTURERS_GOOD), "FAIL"))),
                new Case(
                        "RecordQualityCheck (good another org holds)",
                        MANUFACTURER,
                        ProvenanceContract::recordQualityCheck,
                        msp -> Fixtures.json(Fixtures.qualityCheck(
                                MANUFACTURERS_GOOD, Scenario.productionOf(MANUFACTURERS_GOOD), "PASS")),
                        Fixtures.json(Fixtures.qualityCheck(
                                MANUFACTURERS_GOOD, Scenario.productionOf(MANUFACTURERS_GOOD), "FAIL"))),
                new Case(
                        DISPOSE_QUARANTINED.functionName(),
                        MANUFACTURER,
                        ProvenanceContract::disposeQuarantined,
                        msp -> Fixtures.json(Fixtures.disposition(
                                QUARANTINED_GOOD, Scenario.productionOf(QUARANTINED_GOOD), "RELEASE")),
                        Fixtures.json(Fixtures.disposition(
                                QUARANTINED_GOOD, Scenario.productionOf(QUARANTINED_GOOD), "SCRAP"))),
                new Case(
                        PROPOSE_TRANSFER.functionName(),
                        MANUFACTURER,
                        ProvenanceContract::proposeTransfer,
                        msp -> Fixtures.json(Fixtures.proposal(
                                MANUFACTURERS_GOOD, Scenario.productionOf(MANUFACTURERS_GOOD), RETAILER)),
                        Fixtures.json(Fixtures.proposal(
                                MANUFACTURERS_GOOD, Scenario.productionOf(MANUFACTURERS_GOOD), LENDER))),
                new Case(
                        ACCEPT_TRANSFER.functionName(),
                        RETAILER,
                        ProvenanceContract::acceptTransfer,
                        msp -> pending,
                        otherPending),
                new Case(
                        REJECT_TRANSFER.functionName(),
                        RETAILER,
                        ProvenanceContract::rejectTransfer,
                        msp -> pending,
                        otherPending),
                new Case(
                        CANCEL_TRANSFER.functionName(),
                        MANUFACTURER,
                        ProvenanceContract::cancelTransfer,
                        msp -> pending,
                        otherPending),
                new Case(
                        RECORD_ANCHOR.functionName(),
                        MANUFACTURER,
                        ProvenanceContract::recordAnchor,
                        msp -> Fixtures.json(Fixtures.anchor("batch-1", List.of("r1"))),
                        Fixtures.json(Fixtures.anchor("batch-1", List.of("r1", "r-asm")))),
                new Case(
                        RECALL_GOOD.functionName(),
                        MANUFACTURER,
                        ProvenanceContract::recallGood,
                        msp -> Fixtures.json(Map.of("goodId", MANUFACTURERS_GOOD, "reason", "crack")),
                        Fixtures.json(Map.of("goodId", MANUFACTURERS_GOOD, "reason", "porosity"))),
                new Case(
                        RECALL_ROBOT_OUTPUT.functionName(),
                        MANUFACTURER,
                        ProvenanceContract::recallRobotOutput,
                        msp -> Fixtures.json(Map.of(
                                "robotId",
                                "r1",
                                "fromEpochMillis",
                                1_772_438_400_000L,
                                "toEpochMillis",
                                1_772_438_400_000L,
                                "reason",
                                "die worn")),
                        Fixtures.json(Map.of(
                                "robotId",
                                "r1",
                                "fromEpochMillis",
                                1_772_438_300_000L,
                                "toEpochMillis",
                                1_772_438_400_000L,
                                "reason",
                                "die worn"))),
                new Case(
                        OFFER_LOAN.functionName(),
                        LENDER,
                        ProvenanceContract::offerLoan,
                        msp -> Fixtures.json(Fixtures.offer(newOffer, MANUFACTURER, expiry)),
                        Fixtures.json(Fixtures.offer(newOffer, MANUFACTURER, expiry + 1)),
                        Scenario.terms(MANUFACTURER)),
                new Case(
                        WITHDRAW_LOAN_OFFER.functionName(),
                        LENDER,
                        ProvenanceContract::withdrawLoanOffer,
                        msp -> Fixtures.json(Map.of("loanId", OFFERED_LOAN, "reason", "rates moved")),
                        Fixtures.json(Map.of("loanId", OFFERED_LOAN, "reason", "changed our mind"))),
                new Case(
                        PLEDGE_GOOD.functionName(),
                        MANUFACTURER,
                        ProvenanceContract::pledgeGood,
                        msp -> newPledge,
                        Fixtures.json(otherPledge),
                        Scenario.terms(MANUFACTURER)),
                new Case(
                        RECORD_BTC_PRICE.functionName(),
                        ORACLE,
                        ProvenanceContract::recordBtcPrice,
                        msp -> Fixtures.json(Fixtures.btcPrice("px-new", 6_500_000L, 1_772_438_400_000L)),
                        Fixtures.json(Fixtures.btcPrice("px-new", 6_600_000L, 1_772_438_400_000L))),
                new Case(
                        CHECK_MARGIN.functionName(),
                        LENDER,
                        ProvenanceContract::checkMargin,
                        msp -> loan,
                        Fixtures.json(Map.of("loanId", "loan-other"))),
                new Case(
                        RECORD_DISBURSEMENT.functionName(),
                        LENDER,
                        ProvenanceContract::recordDisbursement,
                        msp -> Fixtures.json(Map.of(
                                "loanId",
                                LOAN,
                                "paymentHash",
                                Fixtures.sha256Hex("principal"),
                                "amountSats",
                                50_000_000L,
                                "paidAtEpochMillis",
                                1_772_438_400_000L)),
                        Fixtures.json(Map.of(
                                "loanId",
                                LOAN,
                                "paymentHash",
                                Fixtures.sha256Hex("principal"),
                                "amountSats",
                                50_000_000L,
                                "paidAtEpochMillis",
                                1_772_438_400_001L))),
                new Case(
                        RELEASE_WITH_PREIMAGE.functionName(),
                        MANUFACTURER,
                        ProvenanceContract::releaseWithPreimage,
                        msp -> Fixtures.json(Map.of("loanId", LOAN, "preimageHex", LOAN_PREIMAGE)),
                        Fixtures.json(Map.of("loanId", LOAN, "preimageHex", Fixtures.newPreimage()))),
                new Case(
                        RELEASE_BY_LENDER.functionName(),
                        LENDER,
                        ProvenanceContract::releaseByLender,
                        msp -> Fixtures.json(Map.of("loanId", LOAN, "reason", "repaid on-chain")),
                        Fixtures.json(Map.of("loanId", LOAN, "reason", "waived"))),
                new Case(
                        LIQUIDATE.functionName(),
                        LENDER,
                        ProvenanceContract::liquidate,
                        msp -> loan,
                        Fixtures.json(Map.of("loanId", "loan-other"))),
                new Case(
                        RECORD_BITCOIN_ANCHOR.functionName(),
                        MANUFACTURER,
                        ProvenanceContract::recordBitcoinAnchor,
                        msp -> Fixtures.json(MinedAnchor.request(7, Fixtures.sha256Hex("block 7"))),
                        Fixtures.json(MinedAnchor.request(7, Fixtures.sha256Hex("block 7 again")))));
    }

    private static String goodHeldBy(String mspId) {
        return switch (mspId) {
            case RETAILER -> RETAILERS_GOOD;
            case LENDER -> LENDERS_GOOD;
            default -> MANUFACTURERS_GOOD;
        };
    }
}
