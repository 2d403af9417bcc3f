package dev.robotledger.chaincode.testing;

import dev.robotledger.chaincode.access.OrgDirectory;
import dev.robotledger.contract.Sgtin;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Common steps of the supply chain, each one committed transaction with a fresh event id, on top of
 * a {@link ContractHarness}.
 */
public final class Scenario {

    public static final String MANUFACTURER = OrgDirectory.MANUFACTURER_MSP;
    public static final String RETAILER = OrgDirectory.RETAILER_MSP;
    public static final String LENDER = OrgDirectory.LENDER_MSP;
    public static final String ORACLE = OrgDirectory.ORACLE_MSP;

    private final ContractHarness harness;
    private int events;

    public Scenario(ContractHarness harness) {
        this.harness = harness;
    }

    public String nextEventId() {
        return "evt-" + (++events);
    }

    public String registerRobot(String robotId) {
        String request = Fixtures.json(Fixtures.robot(robotId));
        return harness.submit(MANUFACTURER, (c, ctx) -> c.registerRobot(ctx, nextEventId(), request));
    }

    public String produce(String goodId, String robotId) {
        return produce(goodId, robotId, harness.nextTxEpochMillis());
    }

    public String produce(String goodId, String robotId, long producedAtEpochMillis) {
        String request = Fixtures.json(Fixtures.production(goodId, robotId, producedAtEpochMillis));
        return harness.submit(MANUFACTURER, (c, ctx) -> c.recordProduction(ctx, productionOf(goodId), request));
    }

    public String assemble(String productId, String robotId, List<String> partIds) {
        String request =
                Fixtures.json(Fixtures.assembly(productId, robotId, harness.nextTxEpochMillis(), parts(partIds)));
        return harness.submit(MANUFACTURER, (c, ctx) -> c.assembleProduct(ctx, productionOf(productId), request));
    }

    /** Produces a good with a GS1 identity under {@link #productionOf} its EPC URI. */
    public String produceGs1(Sgtin item, String lot, String robotId) {
        String request = Fixtures.json(Fixtures.gs1Production(item, lot, robotId, harness.nextTxEpochMillis()));
        return harness.submit(MANUFACTURER, (c, ctx) -> c.recordProduction(ctx, productionOf(item.epcUri()), request));
    }

    /** Assembles a product with a GS1 identity from parts this scenario made. */
    public String assembleGs1(Sgtin product, String robotId, List<String> partIds) {
        Map<String, Object> assembly = new LinkedHashMap<>();
        Map<String, Object> made = Fixtures.gs1Production(product, null, robotId, harness.nextTxEpochMillis());
        made.put("kind", "sku-assembly");
        assembly.put("product", made);
        assembly.put("parts", parts(partIds));
        String request = Fixtures.json(assembly);
        return harness.submit(
                MANUFACTURER, (c, ctx) -> c.assembleProduct(ctx, productionOf(product.epcUri()), request));
    }

    /** The event id under which a scenario produces (or assembles) {@code goodId}: {@code made-<goodId>}. */
    public static String productionOf(String goodId) {
        return "made-" + goodId;
    }

    /** The parts of an assembly, each with the production that made it in a scenario. */
    public static List<Map<String, Object>> parts(List<String> partIds) {
        return partIds.stream()
                .map(partId -> Fixtures.part(partId, productionOf(partId)))
                .toList();
    }

    /** The parts of an assembly, each with the production that made it in a scenario. */
    public static List<Map<String, Object>> parts(String... partIds) {
        return parts(List.of(partIds));
    }

    public void transfer(String goodId, String fromMsp, String toMsp) {
        proposeOnly(goodId, fromMsp, toMsp);
        String decision = Fixtures.json(Fixtures.goodOnly(goodId));
        harness.submit(toMsp, (c, ctx) -> c.acceptTransfer(ctx, nextEventId(), decision));
    }

    public void proposeOnly(String goodId, String fromMsp, String toMsp) {
        String proposal = Fixtures.json(Fixtures.proposal(goodId, productionOf(goodId), toMsp));
        harness.submit(fromMsp, (c, ctx) -> c.proposeTransfer(ctx, nextEventId(), proposal));
    }

    /** The oracle records a BTC/USD price observed now. */
    public String recordPrice(String priceId, long centsPerBtc) {
        String request = Fixtures.json(Fixtures.btcPrice(priceId, centsPerBtc, harness.nextTxEpochMillis()));
        return harness.submit(ORACLE, (c, ctx) -> c.recordBtcPrice(ctx, nextEventId(), request));
    }

    /**
     * The lender offers the loan to the custodian, which pledges exactly that offer, with terms
     * naming {@code borrowerMsp}.
     */
    public String pledge(
            String borrowerMsp,
            String loanId,
            String goodId,
            long principalSats,
            long appraisedCents,
            String paymentHash) {
        Map<String, Object> pledge =
                Fixtures.pledge(loanId, goodId, LENDER, principalSats, appraisedCents, paymentHash);
        offer(borrowerMsp, pledge);
        String request = Fixtures.json(pledge);
        return harness.submit(borrowerMsp, terms(borrowerMsp), (c, ctx) -> c.pledgeGood(ctx, nextEventId(), request));
    }

    /** The lender offers {@code pledge} to {@code borrowerMsp} for a day, with the terms {@link #pledge} sends. */
    public String offer(String borrowerMsp, Map<String, Object> pledge) {
        String request = Fixtures.json(Fixtures.offer(
                pledge,
                borrowerMsp,
                harness.nextTxEpochMillis() + Duration.ofDays(1).toMillis()));
        return harness.submit(LENDER, terms(borrowerMsp), (c, ctx) -> c.offerLoan(ctx, nextEventId(), request));
    }

    /** The transient loan terms {@link #offer} and {@link #pledge} send for {@code borrowerMsp}. */
    public static Map<String, byte[]> terms(String borrowerMsp) {
        return Fixtures.termsTransient(Fixtures.loanTerms(borrowerMsp + " Ltd"));
    }

    public String dispose(String mspId, String goodId, String decision) {
        String request = Fixtures.json(Fixtures.disposition(goodId, productionOf(goodId), decision));
        return harness.submit(mspId, (c, ctx) -> c.disposeQuarantined(ctx, nextEventId(), request));
    }

    public String qualityCheck(String mspId, String goodId, String result) {
        String request = Fixtures.json(Fixtures.qualityCheck(goodId, productionOf(goodId), result));
        return harness.submit(mspId, (c, ctx) -> c.recordQualityCheck(ctx, nextEventId(), request));
    }
}
