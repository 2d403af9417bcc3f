package dev.robotledger.gateway.collateral;

import static dev.robotledger.contract.ContractTransaction.ASSEMBLE_PRODUCT;
import static dev.robotledger.contract.ContractTransaction.CHECK_MARGIN;
import static dev.robotledger.contract.ContractTransaction.GET_GOOD;
import static dev.robotledger.contract.ContractTransaction.LATEST_BTC_PRICE;
import static dev.robotledger.contract.ContractTransaction.LIQUIDATE;
import static dev.robotledger.contract.ContractTransaction.OFFER_LOAN;
import static dev.robotledger.contract.ContractTransaction.PLEDGE_GOOD;
import static dev.robotledger.contract.ContractTransaction.RECORD_ANCHOR;
import static dev.robotledger.contract.ContractTransaction.RECORD_BTC_PRICE;
import static dev.robotledger.contract.ContractTransaction.RECORD_PRODUCTION;
import static dev.robotledger.contract.ContractTransaction.RECORD_QUALITY_CHECK;
import static dev.robotledger.contract.ContractTransaction.RELEASE_WITH_PREIMAGE;
import static org.assertj.core.api.Assertions.assertThat;

import dev.robotledger.contract.ContractTransaction;
import dev.robotledger.contract.TransientData;
import dev.robotledger.gateway.access.Role;
import dev.robotledger.gateway.testing.Await;
import dev.robotledger.gateway.testing.InProcessGateway;
import dev.robotledger.gateway.testing.JournalAndBroker;
import dev.robotledger.gateway.testing.LedgerTransaction;
import dev.robotledger.gateway.testing.LedgerUnderTest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.test.web.reactive.server.EntityExchangeResult;
import org.springframework.test.web.reactive.server.WebTestClient;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * The loan flows through four gateways of four organisations: the lender's ({@code LenderMSP},
 * role lender), the manufacturer's ({@code ManufacturerMSP}, the borrower, role operator), a
 * retailer's ({@code RetailerMSP}) and the price oracle's ({@code OracleMSP}, its price feed
 * reading a price file), each signing with its own identity over TLS, on a {@link LedgerUnderTest}:
 * the embedded ledger, one peer for all four ({@link CollateralLedgerIT}), or the tests' Fabric
 * network, each org's gateway on its own org's peer and the oracle's on the lender's
 * ({@link CollateralLedgerFabricIT}).
 *
 * <p>The key-level policy that makes the lender's peer necessary for any change to a pledged good
 * is shown by how each write to a pledge was endorsed: on Fabric by the endorsements its block
 * carries, on the double (one peer, no policy) by the organisations the gateway asked to endorse
 * it. The channel defines one lender org, so "another lender" is another loan of that org: the
 * contract's rule against a second lien does not depend on who lends.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class CollateralLedgerTests<L extends LedgerUnderTest> {

    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final String LENDER = "LenderMSP";
    private static final String MANUFACTURER = "ManufacturerMSP";
    private static final String RUN = UUID.randomUUID().toString().substring(0, 8);
    // The Fabric ledger keeps every run's robots and anchors: this run's ids are its own.
    private static final String ROBOT = "coll-robot-" + RUN;
    private static final String BATCH = "coll-batch-" + RUN;
    private static final String ROOT = "ab".repeat(32);

    @RegisterExtension
    static final JournalAndBroker INFRA = new JournalAndBroker();

    // Static: JUnit injects an instance field only after @BeforeAll, even with one instance per class.
    @TempDir
    static Path dir;

    protected L ledger;
    /** The ledger's height before the test: its blocks from here on are this test's. */
    protected long startHeight;

    private Path priceFile;
    private final List<InProcessGateway> gateways = new ArrayList<>();
    private InProcessGateway lender;
    private InProcessGateway manufacturer;
    private InProcessGateway retailer;

    /** The ledger of this class: new on the embedded ledger, the shared network on Fabric. */
    protected abstract L openLedger(Path dir) throws Exception;

    /**
     * The organisations the write of {@code transaction} to loan {@code loanId} was endorsed by,
     * as this ledger can show it.
     */
    protected abstract List<String> endorsersOf(ContractTransaction transaction, String loanId);

    @BeforeAll
    void fourOrganisationsGateways() throws Exception {
        ledger = openLedger(dir);
        startHeight = ledger.height();
        priceFile = dir.resolve("btc-prices.txt");
        Files.writeString(priceFile, "# observedAtEpochMillis currency minorUnitsPerBtc source\n");
        long firstPrice = recordPrice("USD", 5_000_000_000L / 1000); // 50,000.00 USD per BTC

        lender = gateway("lender");
        manufacturer = gateway("manufacturer");
        retailer = gateway("retailer");
        gateway(
                "oracle",
                "gateway.price-feed.enabled=true",
                "gateway.price-feed.source=file",
                "gateway.price-feed.file=" + priceFile,
                "gateway.price-feed.interval=100ms",
                "gateway.price-feed.retry-initial=100ms");
        awaitLatestPrice("USD", 5_000_000, firstPrice);

        var keys = KeyPairGenerator.getInstance("EC");
        keys.initialize(new ECGenParameterSpec("secp256r1"));
        ledger.registerRobot("manufacturer", ROBOT, keys.generateKeyPair().getPublic());
        long now = System.currentTimeMillis();
        submit(
                "manufacturer",
                RECORD_ANCHOR,
                Map.of(
                        "batchId",
                        BATCH,
                        "merkleRoot",
                        ROOT,
                        "readingCount",
                        64,
                        "fromEpochMillis",
                        now - 7_200_000,
                        "toEpochMillis",
                        now - 60_000,
                        "robotIds",
                        List.of(ROBOT)));
    }

    @BeforeEach
    void noteHeight() {
        startHeight = ledger.height();
    }

    @AfterAll
    void stop() throws Exception {
        gateways.forEach(InProcessGateway::close);
        if (ledger != null) {
            ledger.close();
        }
    }

    /** A gateway of {@code org} with a journal database of its own. */
    private InProcessGateway gateway(String org, String... extra) {
        String database = "collateral_" + org;
        INFRA.db().jdbc().execute("CREATE DATABASE " + database);
        List<String> more = new ArrayList<>(List.of(
                "gateway.journal.jdbc-url=jdbc:postgresql://127.0.0.1:"
                        + INFRA.postgres().port() + "/" + database,
                "gateway.anchoring.max-age=1h"));
        more.addAll(List.of(extra));
        InProcessGateway gateway = InProcessGateway.start(
                INFRA.postgres(),
                INFRA.broker().uri(),
                "collateral-" + org + "-" + UUID.randomUUID(),
                ledger.gatewaySettings(org, more.toArray(String[]::new)));
        gateways.add(gateway);
        return gateway;
    }

    // --- the world: goods the manufacturer made, checked and anchored, so that VerifyCollateral finds them ELIGIBLE

    private String submit(String org, ContractTransaction transaction, Object request) {
        return submit(org, transaction, "it-" + UUID.randomUUID(), request);
    }

    private String submit(String org, ContractTransaction transaction, String eventId, Object request) {
        try {
            return ledger.submit(org, transaction, eventId, JSON.writeValueAsString(request));
        } catch (JacksonException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Map<String, Object> production(String goodId, String kind) {
        Map<String, Object> production = new LinkedHashMap<>();
        production.put("goodId", goodId);
        production.put("kind", kind);
        production.put("robotId", ROBOT);
        production.put("producedAtEpochMillis", System.currentTimeMillis() - 3_600_000);
        production.put("firmwareVersion", "fw-1.0");
        production.put("processParameters", Map.of("torqueNm", 12.5));
        production.put("energyWh", 3.5);
        production.put("telemetryAnchor", Map.of("batchId", BATCH, "merkleRoot", ROOT));
        return production;
    }

    private void passCheck(String goodId) {
        submit(
                "manufacturer",
                RECORD_QUALITY_CHECK,
                Map.of(
                        "goodId",
                        goodId,
                        "producedBy",
                        productionOf(goodId),
                        "inspector",
                        "vision-cell-1",
                        "checkType",
                        "dimensional",
                        "result",
                        "PASS",
                        "measurements",
                        Map.of("lengthMm", 120.0)));
    }

    // Each good is made under the event id made-<goodId>, which later events name as its production.
    private static String productionOf(String goodId) {
        return "made-" + goodId;
    }

    private String good(String prefix) {
        String goodId = prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
        submit("manufacturer", RECORD_PRODUCTION, productionOf(goodId), production(goodId, "gearbox"));
        passCheck(goodId);
        return goodId;
    }

    private String product(String prefix, List<String> partIds) {
        String productId = prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
        List<Map<String, String>> parts = partIds.stream()
                .map(partId -> Map.of("goodId", partId, "producedBy", productionOf(partId)))
                .toList();
        submit(
                "manufacturer",
                ASSEMBLE_PRODUCT,
                productionOf(productId),
                Map.of("product", production(productId, "robot-arm"), "parts", parts));
        passCheck(productId);
        return productId;
    }

    /** Appends an observation to the oracle's price file; answers its time. */
    private long recordPrice(String currency, long minorUnitsPerBtc) throws IOException {
        long observedAt = System.currentTimeMillis();
        Files.writeString(
                priceFile,
                observedAt + " " + currency + " " + minorUnitsPerBtc + " test exchange mid\n",
                StandardOpenOption.APPEND);
        return observedAt;
    }

    /** Waits until the observation made at {@code observedAt} is the ledger's latest price. */
    private void awaitLatestPrice(String currency, long minorUnitsPerBtc, long observedAt) {
        // The observation's time, not only its price: a kept ledger (Fabric) may hold the same price from a run before.
        Await.until(currency + " at " + minorUnitsPerBtc + " on the ledger", TIMEOUT, () -> {
            try {
                JsonNode latest = JSON.readTree(ledger.evaluate("lender", LATEST_BTC_PRICE, currency));
                return latest.path("observedAtEpochMillis").asLong() == observedAt
                        && latest.path("minorUnitsPerBtc").asLong() == minorUnitsPerBtc;
            } catch (JacksonException | IllegalStateException e) {
                return false;
            }
        });
    }

    private void priceMovesTo(String currency, long minorUnitsPerBtc) throws IOException {
        awaitLatestPrice(currency, minorUnitsPerBtc, recordPrice(currency, minorUnitsPerBtc));
    }

    // --- the API calls

    private static Map<String, Object> terms(String legalName) {
        return Map.of(
                "interestBps",
                850,
                "schedule",
                List.of(
                        Map.of("dueEpochMillis", 1_900_000_000_000L, "amountSats", 25_000_000L),
                        Map.of("dueEpochMillis", 1_902_600_000_000L, "amountSats", 25_500_000L)),
                "borrowerDetails",
                Map.of("legalName", legalName, "registration", "HRB-4711"));
    }

    /** 0.5 BTC against 100,000.00 (appraised); LTV bounds 50% / 70% / 80%. */
    private static Map<String, Object> proposal(String loanId, String goodId, String currency, String paymentHash) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("loanId", loanId);
        body.put("goodId", goodId);
        body.put("borrowerOrg", MANUFACTURER);
        body.put("principalSats", 50_000_000L);
        body.put("appraisedValueMinor", 10_000_000L);
        body.put("currency", currency);
        body.put("maxLtvBps", 5_000);
        body.put("marginCallBps", 7_000);
        body.put("liquidationBps", 8_000);
        body.put("paymentHash", paymentHash);
        body.put("expiresAtEpochMillis", System.currentTimeMillis() + 86_400_000L);
        body.put("terms", terms("Acme Manufacturing Ltd"));
        return body;
    }

    record Answer(int status, JsonNode body) {}

    private static Answer post(InProcessGateway gateway, Role role, String uri, Object body) {
        WebTestClient.RequestBodySpec request = gateway.web(role).post().uri(uri);
        EntityExchangeResult<String> result = (body == null
                        ? request.exchange()
                        : request.bodyValue(body).exchange())
                .expectBody(String.class)
                .returnResult();
        return answer(result);
    }

    private static Answer get(InProcessGateway gateway, Role role, String uri) {
        return answer(gateway.web(role)
                .get()
                .uri(uri)
                .exchange()
                .expectBody(String.class)
                .returnResult());
    }

    private static Answer answer(EntityExchangeResult<String> result) {
        try {
            return new Answer(result.getStatus().value(), JSON.readTree(result.getResponseBody()));
        } catch (JacksonException e) {
            throw new IllegalStateException(result.getResponseBody(), e);
        }
    }

    private static String newPreimage() {
        byte[] preimage = new byte[32];
        RANDOM.nextBytes(preimage);
        return HexFormat.of().formatHex(preimage);
    }

    private static String paymentHash(String preimageHex) throws Exception {
        return HexFormat.of()
                .formatHex(MessageDigest.getInstance("SHA-256")
                        .digest(HexFormat.of().parseHex(preimageHex)));
    }

    private Answer offer(String loanId, String goodId, String currency, String paymentHash) {
        return post(lender, Role.LENDER, "/api/lending/offers", proposal(loanId, goodId, currency, paymentHash));
    }

    private Answer accept(String loanId) {
        return post(
                manufacturer,
                Role.OPERATOR,
                "/api/borrowing/offers/" + loanId + "/accept",
                Map.of("terms", terms("Acme Manufacturing Ltd")));
    }

    private static String loanId(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    // --- the tests

    @Test
    void theLenderOffersAfterAnEligibleReportTheBorrowerPledgesAndASecondLoanOnTheGoodIsRefused() throws Exception {
        String goodId = good("gearbox");
        String first = loanId("loan-first");
        String second = loanId("loan-second");
        String paymentHash = paymentHash(newPreimage());

        Map<String, Object> proposal = proposal(first, goodId, "USD", paymentHash);
        Answer offered = post(lender, Role.LENDER, "/api/lending/offers", proposal);
        assertThat(offered.status()).as(offered.body().toString()).isEqualTo(201);
        assertThat(offered.body().path("report").path("verdict").asString()).isEqualTo("ELIGIBLE");
        assertThat(offered.body().path("offer").path("status").asString()).isEqualTo("OPEN");
        assertThat(offered.body().path("offer").path("lenderOrg").asString()).isEqualTo(LENDER);
        assertThat(offered.body().path("eventId").asString()).startsWith("offer-" + first + "-");
        assertThat(offer(second, goodId, "USD", paymentHash).status())
                .as("an offer encumbers nothing")
                .isEqualTo(201);
        Answer again = post(lender, Role.LENDER, "/api/lending/offers", proposal);
        assertThat(again.status()).as("the same proposal again is a replay").isEqualTo(201);
        assertThat(again.body().path("eventId").asString())
                .isEqualTo(offered.body().path("eventId").asString());
        Answer changed = offer(first, goodId, "USD", paymentHash(newPreimage()));
        assertThat(changed.status())
                .as("another proposal under the same loan id")
                .isEqualTo(409);
        assertThat(changed.body().path("code").asString()).isEqualTo("LOAN_OFFER_EXISTS");
        assertThat(ledger.transactionsFrom(startHeight, OFFER_LOAN))
                .as("the terms travel as transient data, never" + " as an argument")
                .isNotEmpty()
                .allSatisfy(
                        offerLoan -> assertThat(offerLoan.args()).hasSize(2).noneMatch(arg -> arg.contains("Acme")));

        Answer offers = get(manufacturer, Role.OPERATOR, "/api/borrowing/offers");
        assertThat(offers.body().findValuesAsString("loanId")).contains(first, second);

        Answer pledged = accept(first);
        assertThat(pledged.status()).as(pledged.body().toString()).isEqualTo(201);
        assertThat(pledged.body().path("lien").path("status").asString()).isEqualTo("ACTIVE");
        assertThat(pledged.body().path("lien").path("borrowerOrg").asString()).isEqualTo(MANUFACTURER);
        assertThat(endorsersOf(PLEDGE_GOOD, first)).containsExactlyInAnyOrder(MANUFACTURER, LENDER);
        assertThat(accept(first).status())
                .as("accepting again is a replay of the same pledge")
                .isEqualTo(201);

        Answer secondPledge = accept(second);
        assertThat(secondPledge.status()).as(secondPledge.body().toString()).isEqualTo(409);
        assertThat(secondPledge.body().path("code").asString()).isEqualTo("GOOD_ENCUMBERED");
        assertThat(secondPledge.body().path("detail").asString()).contains(goodId, first);

        Answer third = offer(loanId("loan-third"), goodId, "USD", paymentHash);
        assertThat(third.status()).isEqualTo(409);
        assertThat(third.body().path("code").asString()).isEqualTo("NOT_ELIGIBLE");
        assertThat(third.body().path("reasons").findValuesAsString("code")).contains("ENCUMBERED");

        Answer lent = get(lender, Role.LENDER, "/api/lending/loans");
        JsonNode loan = findLoan(lent.body(), first);
        assertThat(loan.path("evaluation").path("state").asString()).isEqualTo("OK");
        assertThat(loan.path("evaluation").path("ltvBps").asLong()).isEqualTo(2_500);
        assertThat(findLoan(
                        get(manufacturer, Role.OPERATOR, "/api/borrowing/loans").body(), first))
                .isNotNull();
    }

    @Test
    void aPartInsideAPledgedProductIsNeitherEligibleNorPledgeableAndAPledgedPartCannotBeAssembled() throws Exception {
        String part = good("shaft");
        String otherPart = good("bearing");
        String productId = product("arm", List.of(part, otherPart));
        String productLoan = loanId("loan-arm");
        assertThat(offer(productLoan, productId, "USD", paymentHash(newPreimage()))
                        .status())
                .isEqualTo(201);
        assertThat(accept(productLoan).status()).isEqualTo(201);

        Answer partOffer = offer(loanId("loan-shaft"), part, "USD", paymentHash(newPreimage()));
        assertThat(partOffer.status()).isEqualTo(409);
        assertThat(partOffer.body().path("code").asString()).isEqualTo("NOT_ELIGIBLE");
        assertThat(partOffer.body().path("reasons")).anySatisfy(reason -> {
            assertThat(reason.path("code").asString()).isEqualTo("ENCUMBERED");
            assertThat(reason.path("goodId").asString()).isEqualTo(productId);
        });

        // A lender that skips the report (another client of its org) can still offer; the pledge is refused.
        String partLoan = loanId("loan-shaft-direct");
        Map<String, Object> pledge = new LinkedHashMap<>(proposal(partLoan, part, "USD", paymentHash(newPreimage())));
        Map<String, Object> request = Map.of(
                "pledge",
                Map.of(
                        "loanId",
                        partLoan,
                        "goodId",
                        part,
                        "lenderOrg",
                        LENDER,
                        "principalSats",
                        pledge.get("principalSats"),
                        "appraisedValueMinor",
                        pledge.get("appraisedValueMinor"),
                        "currency",
                        "USD",
                        "maxLtvBps",
                        5_000,
                        "marginCallBps",
                        7_000,
                        "liquidationBps",
                        8_000,
                        "paymentHash",
                        pledge.get("paymentHash")),
                "borrowerOrg",
                MANUFACTURER,
                "expiresAtEpochMillis",
                System.currentTimeMillis() + 86_400_000L);
        ledger.submit(
                "lender",
                OFFER_LOAN,
                List.of("it-direct-" + partLoan, JSON.writeValueAsString(request)),
                Map.of(TransientData.LOAN_TERMS, JSON.writeValueAsBytes(terms("Acme Manufacturing Ltd"))));
        Answer partPledge = accept(partLoan);
        assertThat(partPledge.status()).as(partPledge.body().toString()).isEqualTo(409);
        assertThat(partPledge.body().path("code").asString()).isEqualTo("GOOD_ENCUMBERED");
        assertThat(partPledge.body().path("detail").asString()).contains(productLoan);

        // The other way round: a pledged part is never consumed, so no product can contain it.
        String pledgedPart = good("gear");
        String gearLoan = loanId("loan-gear");
        assertThat(offer(gearLoan, pledgedPart, "USD", paymentHash(newPreimage()))
                        .status())
                .isEqualTo(201);
        assertThat(accept(gearLoan).status()).isEqualTo(201);
        assertThat(org.assertj.core.api.Assertions.catchThrowable(() -> product("gear-arm", List.of(pledgedPart))))
                .hasMessageContaining("secures active loan " + gearLoan);
    }

    @Test
    void aWrongPreimageIsRefusedAndTheRightOneReleasesTheLien() throws Exception {
        String goodId = good("motor");
        String loanId = loanId("loan-motor");
        String preimage = newPreimage();
        assertThat(offer(loanId, goodId, "USD", paymentHash(preimage)).status()).isEqualTo(201);
        assertThat(accept(loanId).status()).isEqualTo(201);

        Answer wrong = post(
                manufacturer,
                Role.OPERATOR,
                "/api/borrowing/loans/" + loanId + "/release",
                Map.of("preimageHex", newPreimage()));
        assertThat(wrong.status()).as(wrong.body().toString()).isEqualTo(422);
        assertThat(wrong.body().path("code").asString()).isEqualTo("PREIMAGE_MISMATCH");

        Answer released = post(
                manufacturer,
                Role.OPERATOR,
                "/api/borrowing/loans/" + loanId + "/release",
                Map.of("preimageHex", preimage));
        assertThat(released.status()).as(released.body().toString()).isEqualTo(200);
        assertThat(released.body().path("lien").path("status").asString()).isEqualTo("RELEASED");
        assertThat(released.body()
                        .path("lien")
                        .path("closure")
                        .path("preimageHex")
                        .asString())
                .isEqualTo(preimage);
        assertThat(endorsersOf(RELEASE_WITH_PREIMAGE, loanId)).containsExactlyInAnyOrder(MANUFACTURER, LENDER);

        Answer afterwards = post(
                manufacturer,
                Role.OPERATOR,
                "/api/borrowing/loans/" + loanId + "/release",
                Map.of("preimageHex", newPreimage()));
        assertThat(afterwards.body().path("code").asString()).isEqualTo("LIEN_NOT_ACTIVE");
    }

    @Test
    void aPriceMovePastTheThresholdIsAMarginCallAndLiquidationMovesCustodyToTheLender() throws Exception {
        // EUR: a currency of its own, so that this test's prices do not move the other tests' loans.
        priceMovesTo("EUR", 5_000_000);
        String goodId = good("press");
        String loanId = loanId("loan-press");
        assertThat(offer(loanId, goodId, "EUR", paymentHash(newPreimage())).status())
                .isEqualTo(201);
        assertThat(accept(loanId).status()).isEqualTo(201);
        assertThat(get(lender, Role.LENDER, "/api/lending/margin-calls").body().findValuesAsString("loanId"))
                .doesNotContain(loanId);
        Answer early = post(lender, Role.LENDER, "/api/lending/loans/" + loanId + "/liquidate", null);
        assertThat(early.status()).isEqualTo(409);
        assertThat(early.body().path("code").asString()).isEqualTo("NOT_LIQUIDATABLE");

        priceMovesTo("EUR", 15_000_000); // 75% LTV: past the 70% margin call
        JsonNode call =
                findLoan(get(lender, Role.LENDER, "/api/lending/margin-calls").body(), loanId);
        assertThat(call.path("evaluation").path("state").asString()).isEqualTo("MARGIN_CALL");
        assertThat(call.path("evaluation").path("ltvBps").asLong()).isEqualTo(7_500);
        Answer checked = post(lender, Role.LENDER, "/api/lending/loans/" + loanId + "/check-margin", null);
        assertThat(checked.status()).as(checked.body().toString()).isEqualTo(200);
        assertThat(checked.body().path("lien").path("marginState").asString()).isEqualTo("MARGIN_CALL");
        assertThat(checked.body().path("lien").path("flags").findValuesAsString("reason"))
                .contains("MARGIN_CALL");
        assertThat(endorsersOf(CHECK_MARGIN, loanId)).containsExactlyInAnyOrder(MANUFACTURER, LENDER);

        Answer notTheLender = post(manufacturer, Role.LENDER, "/api/lending/loans/" + loanId + "/liquidate", null);
        assertThat(notTheLender.status())
                .as("the lender route on the borrower's gateway")
                .isEqualTo(403);
        assertThat(notTheLender.body().path("code").asString()).isEqualTo("NOT_LENDER");

        priceMovesTo("EUR", 17_000_000); // 85%: past the 80% liquidation threshold
        Answer liquidated = post(lender, Role.LENDER, "/api/lending/loans/" + loanId + "/liquidate", null);
        assertThat(liquidated.status()).as(liquidated.body().toString()).isEqualTo(200);
        assertThat(liquidated.body().path("lien").path("status").asString()).isEqualTo("LIQUIDATED");
        assertThat(endorsersOf(LIQUIDATE, loanId)).containsExactlyInAnyOrder(MANUFACTURER, LENDER);
        JsonNode good = JSON.readTree(ledger.evaluate("lender", GET_GOOD, goodId));
        assertThat(good.path("custodianOrg").asString()).isEqualTo(LENDER);
        assertThat(good.path("custodyHistory").findValuesAsString("action")).contains("LIQUIDATED");
    }

    @Test
    void thePrivateTermsAreReadableByBorrowerAndLenderButNotByTheRetailer() throws Exception {
        String goodId = good("valve");
        String loanId = loanId("loan-valve");
        assertThat(offer(loanId, goodId, "USD", paymentHash(newPreimage())).status())
                .isEqualTo(201);
        assertThat(accept(loanId).status()).isEqualTo(201);
        JsonNode expected = JSON.readTree(JSON.writeValueAsString(terms("Acme Manufacturing Ltd")));

        Answer lenders = get(lender, Role.LENDER, "/api/loans/" + loanId + "/terms");
        Answer borrowers = get(manufacturer, Role.OPERATOR, "/api/loans/" + loanId + "/terms");
        Answer retailers = get(retailer, Role.OPERATOR, "/api/loans/" + loanId + "/terms");

        assertThat(lenders.status()).isEqualTo(200);
        assertThat(lenders.body()).isEqualTo(expected);
        assertThat(borrowers.body()).isEqualTo(expected);
        assertThat(retailers.status()).isEqualTo(403);
        assertThat(retailers.body().path("code").asString()).isEqualTo("NOT_LOAN_PARTY");
        assertThat(retailers.body().toString()).doesNotContain("Acme");
    }

    @Test
    void aLenderRouteOnAGatewayOfAnotherOrgIsRefusedByTheChaincode() {
        String goodId = good("pump");
        Answer offered = post(
                manufacturer,
                Role.LENDER,
                "/api/lending/offers",
                proposal(loanId("loan-pump"), goodId, "USD", "cd".repeat(32)));
        assertThat(offered.status()).as(offered.body().toString()).isEqualTo(403);
        assertThat(offered.body().path("code").asString()).isEqualTo("FORBIDDEN_ORG");
        assertThat(offered.body().path("title").asString()).isEqualTo("Refused by the chaincode: FORBIDDEN_ORG");
    }

    @Test
    void theOraclesFeedRecordsEachObservationOnceAsOracleMsp() throws Exception {
        priceMovesTo("GBP", 4_000_000);
        // This class's prices only: the feed's event ids name the observation, which this run's file made.
        List<LedgerTransaction> prices = ledger.transactionsFrom(startHeight, RECORD_BTC_PRICE);
        assertThat(prices).isNotEmpty().allSatisfy(price -> {
            assertThat(price.creatorMspId()).isEqualTo("OracleMSP");
            assertThat(price.args().get(0)).startsWith("price-file-");
        });
        assertThat(prices.stream().map(price -> price.args().get(0)).distinct().count())
                .as("one transaction per observation")
                .isEqualTo(prices.size());
    }

    private static JsonNode findLoan(JsonNode answer, String loanId) {
        for (JsonNode loan : answer.path("loans")) {
            if (loanId.equals(loan.path("lien").path("loanId").asString())) {
                return loan;
            }
        }
        throw new AssertionError("loan " + loanId + " not in " + answer);
    }
}
