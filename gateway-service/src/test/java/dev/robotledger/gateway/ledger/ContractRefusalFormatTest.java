package dev.robotledger.gateway.ledger;

import static dev.robotledger.contract.ContractTransaction.ACCEPT_TRANSFER;
import static dev.robotledger.contract.ContractTransaction.CHECK_MARGIN;
import static dev.robotledger.contract.ContractTransaction.GET_LOAN_TERMS;
import static dev.robotledger.contract.ContractTransaction.LIQUIDATE;
import static dev.robotledger.contract.ContractTransaction.OFFER_LOAN;
import static dev.robotledger.contract.ContractTransaction.PLEDGE_GOOD;
import static dev.robotledger.contract.ContractTransaction.PROPOSE_TRANSFER;
import static dev.robotledger.contract.ContractTransaction.RECORD_BTC_PRICE;
import static dev.robotledger.contract.ContractTransaction.RECORD_PRODUCTION;
import static dev.robotledger.contract.ContractTransaction.REGISTER_ROBOT;
import static dev.robotledger.contract.ContractTransaction.RELEASE_BY_LENDER;
import static dev.robotledger.contract.ContractTransaction.RELEASE_WITH_PREIMAGE;
import static dev.robotledger.contract.ContractTransaction.WITHDRAW_LOAN_OFFER;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.robotledger.contract.Refusal;
import dev.robotledger.contract.TransientData;
import dev.robotledger.ledger.embedded.CertificateAuthority;
import dev.robotledger.ledger.embedded.ContractPeer;
import dev.robotledger.wire.crypto.EcdsaP256;
import dev.robotledger.wire.merkle.Digest;
import java.nio.charset.StandardCharsets;
import java.security.PublicKey;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.ObjectMapper;

/**
 * The refusal format held to the real contract: the contract (run by the embedded ledger's
 * {@link ContractPeer}) refuses, sending its code as payload and in its message, and
 * {@link Refusal#find} must read the same code from the message as a peer's Gateway passes it on
 * ({@code chaincode response 500, <message>}).
 */
class ContractRefusalFormatTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String MANUFACTURER = "ManufacturerMSP";
    private static final String RETAILER = "RetailerMSP";
    private static final String LENDER = "LenderMSP";
    private static final String ORACLE = "OracleMSP";
    private static final List<String> ORGS = List.of(MANUFACTURER, RETAILER, LENDER, ORACLE, "IntruderMSP");

    /** Held by the manufacturer, with loan {@link #OFFERED_LOAN} offered against it. */
    private static final String MANUFACTURERS_GOOD = "g-m";
    /** Offered by the manufacturer to the retailer, not yet accepted. */
    private static final String PENDING_GOOD = "g-pending";
    /** Pledged by the manufacturer to the lender as {@link #LOAN}; the latest price makes it liquidatable. */
    private static final String LOAN = "loan-1";

    private static final String PLEDGED_GOOD = "g-loan";
    private static final String LOAN_PREIMAGE = "5a".repeat(32);
    private static final String OFFERED_LOAN = "loan-new";
    private static final Map<String, Object> OFFERED_PLEDGE =
            pledge(OFFERED_LOAN, MANUFACTURERS_GOOD, 10_000_000L, paymentHash("6b".repeat(32)));

    /** One write, with a request that is valid in the world of {@link #buildWorld} when the org it is for sends it. */
    record Write(String function, String request, Map<String, byte[]> transientData) {
        @Override
        public String toString() {
            return function;
        }
    }

    private final ContractPeer peer = new ContractPeer();
    private int events;

    /**
     * Robot r1; goods held by the manufacturer, the retailer and the lender; {@code g-pending}
     * offered to the retailer; {@code loan-1} pledged on {@code g-loan} (0.5 BTC against 100,000
     * USD at 50,000 USD per BTC), then a price of 170,000 USD per BTC (liquidatable);
     * {@code loan-new} offered by the lender to the manufacturer against {@code g-m}.
     */
    @BeforeEach
    void buildWorld() {
        peer.registerRobot(MANUFACTURER, "r1", p256Key());
        for (String good : List.of(MANUFACTURERS_GOOD, "g-r", "g-l", PENDING_GOOD, PLEDGED_GOOD)) {
            peer.submitAs(
                    MANUFACTURER,
                    RECORD_PRODUCTION.functionName(),
                    List.of(productionOf(good), json(production(good))),
                    Map.of());
        }
        transfer("g-r", RETAILER);
        transfer("g-l", LENDER);
        submit(MANUFACTURER, PROPOSE_TRANSFER.functionName(), proposal(PENDING_GOOD, RETAILER));
        recordPrice("px-1", 5_000_000L);
        Map<String, Object> pledge = pledge(LOAN, PLEDGED_GOOD, 50_000_000L, paymentHash(LOAN_PREIMAGE));
        offer(pledge);
        submit(MANUFACTURER, PLEDGE_GOOD.functionName(), terms(MANUFACTURER), json(pledge));
        recordPrice("px-2", 17_000_000L);
        offer(OFFERED_PLEDGE);
    }

    private static List<Write> writes() {
        Map<String, Object> newOffer =
                pledge("loan-offer", MANUFACTURERS_GOOD, 10_000_000L, paymentHash("7c".repeat(32)));
        String loan = json(Map.of("loanId", LOAN));
        return List.of(
                new Write(REGISTER_ROBOT.functionName(), robot("r-new"), Map.of()),
                new Write(RECORD_PRODUCTION.functionName(), json(production("g-new")), Map.of()),
                new Write(PROPOSE_TRANSFER.functionName(), proposal(MANUFACTURERS_GOOD, RETAILER), Map.of()),
                new Write(ACCEPT_TRANSFER.functionName(), json(Map.of("goodId", PENDING_GOOD)), Map.of()),
                new Write(OFFER_LOAN.functionName(), json(offerOf(newOffer)), terms(MANUFACTURER)),
                new Write(
                        WITHDRAW_LOAN_OFFER.functionName(),
                        json(Map.of("loanId", OFFERED_LOAN, "reason", "rates moved")),
                        Map.of()),
                new Write(PLEDGE_GOOD.functionName(), json(OFFERED_PLEDGE), terms(MANUFACTURER)),
                new Write(RECORD_BTC_PRICE.functionName(), json(price("px-new", 6_500_000L)), Map.of()),
                new Write(CHECK_MARGIN.functionName(), loan, Map.of()),
                new Write(
                        RELEASE_WITH_PREIMAGE.functionName(),
                        json(Map.of("loanId", LOAN, "preimageHex", LOAN_PREIMAGE)),
                        Map.of()),
                new Write(RELEASE_BY_LENDER.functionName(), json(Map.of("loanId", LOAN, "reason", "repaid")), Map.of()),
                new Write(LIQUIDATE.functionName(), loan, Map.of()));
    }

    static Stream<Arguments> everyWriteByEveryOrg() {
        List<Arguments> arguments = new ArrayList<>();
        for (Write write : writes()) {
            ORGS.forEach(org -> arguments.add(Arguments.of(write, org)));
        }
        return arguments.stream();
    }

    /** Every refusal of the access matrix is read as the code the contract sent. */
    @ParameterizedTest(name = "{0} by {1}")
    @MethodSource("everyWriteByEveryOrg")
    void readsTheCodeOfEveryAccessRefusal(Write write, String mspId) {
        ContractPeer.ContractRefusal refusal = catchThrowableOfType(
                ContractPeer.ContractRefusal.class,
                () -> peer.submitAs(
                        mspId, write.function(), List.of("evt-refusal", write.request()), write.transientData()));
        if (refusal != null) {
            assertRead(refusal);
        }
    }

    @Test
    void readsTheLoanRefusals() {
        String pledge = json(OFFERED_PLEDGE);
        assertRead(
                refusal(
                        MANUFACTURER,
                        PLEDGE_GOOD.functionName(),
                        Map.of(
                                TransientData.LOAN_TERMS,
                                json(loanTerms("Someone Else Ltd")).getBytes(StandardCharsets.UTF_8)),
                        pledge),
                "LOAN_OFFER_MISMATCH");
        assertRead(
                refusal(
                        MANUFACTURER,
                        PLEDGE_GOOD.functionName(),
                        terms(MANUFACTURER),
                        pledge.replace(OFFERED_LOAN, LOAN)),
                "LIEN_ALREADY_EXISTS");
        assertRead(
                refusal(
                        LENDER,
                        RELEASE_WITH_PREIMAGE.functionName(),
                        Map.of(),
                        json(Map.of("loanId", LOAN, "preimageHex", "00".repeat(32)))),
                "PREIMAGE_MISMATCH");
        assertRead(
                refusal(
                        LENDER,
                        RELEASE_BY_LENDER.functionName(),
                        Map.of(),
                        json(Map.of("loanId", "no-such-loan", "reason", "repaid"))),
                "LIEN_NOT_FOUND");
        assertRead(
                refusal(
                        LENDER,
                        WITHDRAW_LOAN_OFFER.functionName(),
                        Map.of(),
                        json(Map.of("loanId", "no-such-loan", "reason", "changed my mind"))),
                "LOAN_OFFER_NOT_FOUND");

        peer.submitAs(
                LENDER,
                RELEASE_BY_LENDER.functionName(),
                "evt-release",
                json(Map.of("loanId", LOAN, "reason", "repaid")));
        assertRead(
                refusal(LENDER, LIQUIDATE.functionName(), Map.of(), json(Map.of("loanId", LOAN))), "LIEN_NOT_ACTIVE");
        assertRead(
                catchThrowableOfType(
                        ContractPeer.ContractRefusal.class,
                        () -> peer.submitAs(
                                LENDER,
                                RELEASE_BY_LENDER.functionName(),
                                "evt-release",
                                json(Map.of("loanId", LOAN, "reason", "other")))),
                "EVENT_ID_REUSED");

        recordPrice("price-twice", 5_000_000L);
        assertRead(
                refusal(ORACLE, RECORD_BTC_PRICE.functionName(), Map.of(), json(price("price-twice", 5_000_000L))),
                "PRICE_ALREADY_RECORDED");
        assertRead(
                catchThrowableOfType(
                        ContractPeer.ContractRefusal.class,
                        () -> peer.evaluateAs(RETAILER, GET_LOAN_TERMS.functionName(), LOAN)),
                "NOT_LOAN_PARTY");
    }

    @Test
    void readsAnEncumberedGoodAndAnOfferMadeTwice() {
        assertRead(
                refusal(LENDER, OFFER_LOAN.functionName(), terms(MANUFACTURER), json(offerOf(OFFERED_PLEDGE))),
                "LOAN_OFFER_EXISTS");
        Map<String, Object> second = pledge("loan-second", PLEDGED_GOOD, 10_000_000L, paymentHash("8d".repeat(32)));
        offer(second);
        assertRead(
                refusal(MANUFACTURER, PLEDGE_GOOD.functionName(), terms(MANUFACTURER), json(second)),
                "GOOD_ENCUMBERED");
    }

    private static void assertRead(ContractPeer.ContractRefusal refusal) {
        assertThat(Refusal.find(peerMessage(refusal)).map(read -> read.code().name()))
                .as("the code read from '%s'", refusal.chaincodeMessage())
                .hasValue(refusal.payload());
    }

    private static void assertRead(ContractPeer.ContractRefusal refusal, String expectedCode) {
        assertThat(refusal).as("expected a refusal with %s", expectedCode).isNotNull();
        assertThat(refusal.payload()).isEqualTo(expectedCode);
        assertRead(refusal);
    }

    private static String peerMessage(ContractPeer.ContractRefusal refusal) {
        return "chaincode response 500, " + refusal.chaincodeMessage();
    }

    private ContractPeer.ContractRefusal refusal(
            String mspId, String function, Map<String, byte[]> transientData, String request) {
        return catchThrowableOfType(
                ContractPeer.ContractRefusal.class,
                () -> peer.submitAs(mspId, function, List.of("evt-" + ++events, request), transientData));
    }

    private void submit(String mspId, String function, String request) {
        submit(mspId, function, Map.of(), request);
    }

    private void submit(String mspId, String function, Map<String, byte[]> transientData, String request) {
        peer.submitAs(mspId, function, List.of("world-" + ++events, request), transientData);
    }

    private void transfer(String goodId, String toMsp) {
        submit(MANUFACTURER, PROPOSE_TRANSFER.functionName(), proposal(goodId, toMsp));
        submit(toMsp, ACCEPT_TRANSFER.functionName(), json(Map.of("goodId", goodId)));
    }

    // The world makes each good under the event id made-<goodId>; a proposal names that production.
    private static String productionOf(String goodId) {
        return "made-" + goodId;
    }

    private static String proposal(String goodId, String toMsp) {
        return json(Map.of("goodId", goodId, "producedBy", productionOf(goodId), "toOrg", toMsp));
    }

    private void recordPrice(String priceId, long centsPerBtc) {
        submit(ORACLE, RECORD_BTC_PRICE.functionName(), json(price(priceId, centsPerBtc)));
    }

    /** The lender offers {@code pledge} to the manufacturer for a day, with the terms the pledge will send. */
    private void offer(Map<String, Object> pledge) {
        submit(LENDER, OFFER_LOAN.functionName(), terms(MANUFACTURER), json(offerOf(pledge)));
    }

    private static Map<String, Object> offerOf(Map<String, Object> pledge) {
        return Map.of(
                "pledge",
                pledge,
                "borrowerOrg",
                MANUFACTURER,
                "expiresAtEpochMillis",
                Instant.now().plus(Duration.ofDays(1)).toEpochMilli());
    }

    /** A pledge in USD of a good appraised at 100,000 USD, max LTV 50%, margin call at 70%, liquidation at 80%. */
    private static Map<String, Object> pledge(String loanId, String goodId, long principalSats, String paymentHash) {
        return Map.of(
                "loanId",
                loanId,
                "goodId",
                goodId,
                "lenderOrg",
                LENDER,
                "principalSats",
                principalSats,
                "appraisedValueMinor",
                100_000_00L,
                "currency",
                "USD",
                "maxLtvBps",
                5_000,
                "marginCallBps",
                7_000,
                "liquidationBps",
                8_000,
                "paymentHash",
                paymentHash);
    }

    private static Map<String, byte[]> terms(String borrowerMsp) {
        return Map.of(
                TransientData.LOAN_TERMS, json(loanTerms(borrowerMsp + " Ltd")).getBytes(StandardCharsets.UTF_8));
    }

    private static Map<String, Object> loanTerms(String borrowerName) {
        return Map.of(
                "interestBps",
                850,
                "schedule",
                List.of(Map.of("dueEpochMillis", 1_900_000_000_000L, "amountSats", 25_000_000L)),
                "borrowerDetails",
                Map.of("legalName", borrowerName, "registration", "HRB-4711"));
    }

    /** The price of one BTC in US cents, observed a second ago. */
    private static Map<String, Object> price(String priceId, long centsPerBtc) {
        return Map.of(
                "priceId",
                priceId,
                "currency",
                "USD",
                "minorUnitsPerBtc",
                centsPerBtc,
                "source",
                "test-exchange BTC/USD mid",
                "observedAtEpochMillis",
                Instant.now().minusSeconds(1).toEpochMilli());
    }

    private static Map<String, Object> production(String goodId) {
        return Map.of(
                "goodId",
                goodId,
                "kind",
                "sku-gear-12",
                "robotId",
                "r1",
                "producedAtEpochMillis",
                Instant.now().minusSeconds(60).toEpochMilli(),
                "firmwareVersion",
                "fw-3.4.1",
                "processParameters",
                Map.of("torqueNm", 12.5),
                "energyWh",
                18.25);
    }

    private static String robot(String robotId) {
        return json(Map.of(
                "robotId",
                robotId,
                "model",
                "UR10e",
                "site",
                "plant-1",
                "line",
                "line-2",
                "station",
                "st-" + robotId,
                "capabilities",
                List.of("PRODUCE"),
                "publicKeyPem",
                CertificateAuthority.pem("PUBLIC KEY", p256Key().getEncoded())));
    }

    private static PublicKey p256Key() {
        return EcdsaP256.generateKeyPair().getPublic();
    }

    private static String paymentHash(String preimageHex) {
        return Digest.sha256(HexFormat.of().parseHex(preimageHex)).hex();
    }

    private static String json(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JacksonException e) {
            throw new IllegalStateException(e);
        }
    }
}
