package dev.robotledger.gateway.collateral.fabric;

import static dev.robotledger.contract.ContractTransaction.GET_LIEN;
import static org.assertj.core.api.Assertions.assertThat;

import dev.robotledger.gateway.access.Role;
import dev.robotledger.gateway.collateral.BtcPrice;
import dev.robotledger.gateway.ledger.fabric.LedgerConnection;
import dev.robotledger.gateway.ledger.fabric.ProvenanceContractClient;
import dev.robotledger.gateway.lightning.InvoiceState;
import dev.robotledger.gateway.lightning.LightningNode;
import dev.robotledger.gateway.lightning.Payment;
import dev.robotledger.gateway.lightning.PaymentHash;
import dev.robotledger.gateway.lightning.Preimage;
import dev.robotledger.gateway.testing.Await;
import dev.robotledger.gateway.testing.FabricGateways;
import dev.robotledger.gateway.testing.FabricNetwork;
import dev.robotledger.gateway.testing.FabricTest;
import dev.robotledger.gateway.testing.GatewayLoans;
import dev.robotledger.gateway.testing.GatewayProcess;
import dev.robotledger.gateway.testing.InProcessGateway;
import dev.robotledger.gateway.testing.JournalAndBroker;
import dev.robotledger.gateway.testing.LightningPair;
import dev.robotledger.gateway.testing.Publisher;
import dev.robotledger.gateway.testing.TestRobot;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * A loan's whole life on the real network with real satoshis: the lender's gateway on the lender's
 * lnd node, the manufacturer's (the borrower's) on the borrower's, each a JVM of its own writing as
 * its org, which a test kills (SIGKILL) and starts again; the goods come from a robot through a
 * third gateway of the manufacturer's, without a Lightning node.
 * Offer, pledge, disbursement recorded on the lien, repayment by a hold invoice on the lien's
 * release hash that the lender's gateway settles by itself, the release with the preimage the
 * borrower bought; and what goes wrong: a wrong preimage, an invoice for another amount, an expired
 * invoice, each party's gateway and the lender's node restarted mid-way, a liquidation with a
 * repayment invoice open. The ledger is read on the peers with the peer CLI, the money on the nodes.
 */
@FabricTest
@ExtendWith(LightningPair.Tier.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class LoanLightningFabricIT {

    private static final Duration TIMEOUT = Duration.ofSeconds(90);
    private static final Duration INVOICE_EXPIRY = Duration.ofSeconds(20);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String RUN = UUID.randomUUID().toString().substring(0, 8);
    private static final long PRINCIPAL = 100_000;
    private static final long OWED = 101_000;
    private static final long USD_50K = 5_000_000L;
    private static final Path LOGS = Path.of("target", "loan-lightning-fabric-it");

    @RegisterExtension
    static final JournalAndBroker INFRA = new JournalAndBroker();

    private static FabricNetwork fabric;
    private static LightningPair pair;
    private static LightningNode lenderNode;
    private static LightningNode borrowerNode;
    /** Makes the goods: the robot's messages over MQTT; no Lightning node, so it never touches the loans. */
    private static InProcessGateway factory;

    private static GatewayProcess borrower;
    private static GatewayProcess lender;
    private static Publisher publisher;
    private static ExecutorService background;
    private static final TestRobot press = new TestRobot("ln-press-" + RUN);
    private static final Deque<String> goods = new ArrayDeque<>();

    @BeforeAll
    static void gatewaysWithTheirNodesAGoodPerTestAndAFreshPrice(LightningPair lightning) {
        fabric = FabricNetwork.network();
        pair = lightning;
        lenderNode = pair.node("lender");
        borrowerNode = pair.node("borrower");
        background = Executors.newCachedThreadPool();
        factory = FabricGateways.start(INFRA, "manufacturer");
        publisher = new Publisher(INFRA.broker().uri(), "robots-" + RUN);
        factory.register(press);
        for (int i = 0; i < 9; i++) {
            String goodId = press.robotId() + "-gear-" + i;
            GatewayLoans.madeAndChecked(factory, publisher, press, goodId, "gear", TIMEOUT);
            goods.add(goodId);
        }
        borrower = startBorrower();
        lender = startLender();
        recordPrice(USD_50K);
    }

    @AfterAll
    static void stop() {
        if (background != null) {
            background.shutdownNow();
        }
        if (publisher != null) {
            publisher.close();
        }
        for (GatewayProcess gateway : new GatewayProcess[] {borrower, lender}) {
            if (gateway != null) {
                gateway.close();
            }
        }
        if (factory != null) {
            factory.close();
        }
    }

    private static GatewayProcess startBorrower() {
        List<String> properties = new ArrayList<>(pair.gatewayProperties("borrower"));
        properties.addAll(List.of("gateway.mqtt.enabled=false", "gateway.lightning.reconcile-interval=300ms"));
        return FabricGateways.startProcess(
                INFRA, "manufacturer", LOGS.resolve("borrower-gateway.log"), properties.toArray(String[]::new));
    }

    private static GatewayProcess startLender() {
        List<String> properties = new ArrayList<>(pair.gatewayProperties("lender"));
        properties.addAll(List.of(
                "gateway.mqtt.enabled=false",
                "gateway.lightning.reconcile-interval=300ms",
                "gateway.lightning.repayment-invoice-expiry=" + INVOICE_EXPIRY.toSeconds() + "s"));
        return FabricGateways.startProcess(
                INFRA, "lender", LOGS.resolve("lender-gateway.log"), properties.toArray(String[]::new));
    }

    /** Calls a party's gateway as {@code role} and asserts the status; the answer's JSON. */
    private static JsonNode call(
            GatewayProcess gateway, Role role, String method, String path, Object body, int status) {
        try {
            GatewayProcess.Answer answer =
                    gateway.call(role, method, path, body == null ? null : JSON.writeValueAsString(body));
            assertThat(answer.status())
                    .as("%s %s answered %s", method, path, answer.body())
                    .isEqualTo(status);
            return JSON.readTree(answer.body());
        } catch (JacksonException e) {
            throw new IllegalStateException(e);
        }
    }

    private static JsonNode post(GatewayProcess gateway, Role role, String path, Object body, int status) {
        return call(gateway, role, "POST", path, body, status);
    }

    private static JsonNode get(GatewayProcess gateway, Role role, String path) {
        return call(gateway, role, "GET", path, null, 200);
    }

    /** The oracle's price of one BTC in USD cents, observed now: the latest from now on. */
    private static void recordPrice(long minorUnitsPerBtc) {
        String priceId = "ln-price-" + RUN + "-" + System.nanoTime();
        try (LedgerConnection oracle =
                LedgerConnection.open(fabric.client("oracle").ledgerProperties())) {
            new FabricCollateralLedger(ProvenanceContractClient.of(oracle), "OracleMSP")
                    .recordBtcPrice(
                            priceId,
                            new BtcPrice(
                                    priceId,
                                    "USD",
                                    minorUnitsPerBtc,
                                    "lightning fabric tier test",
                                    System.currentTimeMillis()));
        }
    }

    /** A good offered by the lender (release hash made by its node) and pledged by the manufacturer. */
    private static String pledgedLoan() {
        String goodId = goods.pop();
        String loanId = "loan-ln-" + goodId.substring(goodId.lastIndexOf('-') + 1) + "-" + RUN;
        Map<String, Object> terms = Map.of(
                "interestBps",
                100,
                "schedule",
                List.of(Map.of("dueEpochMillis", 1_900_000_000_000L, "amountSats", OWED)),
                "borrowerDetails",
                Map.of("legalName", "Acme Manufacturing " + RUN));
        // 0.001 BTC against 200.00 USD: 25 % loan-to-value at 50,000 USD per BTC.
        Map<String, Object> offer = Map.ofEntries(
                Map.entry("loanId", loanId),
                Map.entry("goodId", goodId),
                Map.entry("borrowerOrg", "ManufacturerMSP"),
                Map.entry("principalSats", PRINCIPAL),
                Map.entry("appraisedValueMinor", 20_000L),
                Map.entry("currency", "USD"),
                Map.entry("maxLtvBps", 5_000),
                Map.entry("marginCallBps", 7_000),
                Map.entry("liquidationBps", 8_000),
                Map.entry("expiresAtEpochMillis", System.currentTimeMillis() + 86_400_000L),
                Map.entry("terms", terms));
        JsonNode offered = post(lender, Role.LENDER, "/api/lending/offers", offer, 201);
        assertThat(offered.at("/offer/pledge/paymentHash").asString())
                .as("made by the lender's node")
                .hasSize(64);
        post(borrower, Role.OPERATOR, "/api/borrowing/offers/" + loanId + "/accept", Map.of("terms", terms), 201);
        return loanId;
    }

    private static JsonNode disbursed(String loanId) {
        String invoice = post(
                        borrower, Role.OPERATOR, "/api/borrowing/loans/" + loanId + "/principal-invoice", Map.of(), 200)
                .path("paymentRequest")
                .asString();
        return post(
                lender,
                Role.LENDER,
                "/api/lending/loans/" + loanId + "/disburse",
                Map.of("paymentRequest", invoice),
                200);
    }

    private static String repaymentInvoice(String loanId) {
        return post(lender, Role.LENDER, "/api/lending/loans/" + loanId + "/repayment-invoice", Map.of(), 200)
                .path("paymentRequest")
                .asString();
    }

    private static CompletableFuture<JsonNode> repayInBackground(String loanId, String invoice) {
        return CompletableFuture.supplyAsync(
                () -> post(
                        borrower,
                        Role.OPERATOR,
                        "/api/borrowing/loans/" + loanId + "/repay",
                        Map.of("paymentRequest", invoice),
                        200),
                background);
    }

    private static JsonNode lienOn(String org, String loanId) {
        try {
            return JSON.readTree(fabric.queryOk(org, GET_LIEN.functionName(), loanId));
        } catch (JacksonException e) {
            throw new IllegalStateException(e);
        }
    }

    private static PaymentHash releaseHash(String loanId) {
        return new PaymentHash(lienOn("lender", loanId).path("paymentHash").asString());
    }

    private static InvoiceState repaymentState(String loanId) {
        return lenderNode.lookupInvoice(releaseHash(loanId)).state();
    }

    private static void awaitReleasedOnEveryPeer(String loanId) {
        for (String org : FabricNetwork.PEER_ORGS) {
            Await.until(
                    "loan " + loanId + " released on peer0." + org,
                    TIMEOUT,
                    () -> lienOn(org, loanId).path("status").asString().equals("RELEASED"));
        }
        JsonNode lien = lienOn("retailer", loanId);
        assertThat(Preimage.of(HexFormat.of()
                                .parseHex(lien.at("/closure/preimageHex").asString()))
                        .hash()
                        .hex())
                .isEqualTo(lien.path("paymentHash").asString());
    }

    @Test
    @Order(1)
    void thePrincipalIsPaidOutAndRecordedAndTheRepaymentReleasesTheLienOnEveryPeer() throws Exception {
        String loanId = pledgedLoan();

        long disbursing = System.nanoTime();
        JsonNode paidOut = disbursed(loanId);
        long disbursed = System.nanoTime();
        String principalHash = paidOut.at("/lien/disbursement/paymentHash").asString();
        for (String org : FabricNetwork.PEER_ORGS) {
            JsonNode disbursement = lienOn(org, loanId).path("disbursement");
            assertThat(disbursement.path("paymentHash").asString())
                    .as("on peer0.%s", org)
                    .isEqualTo(principalHash);
            assertThat(disbursement.path("amountSats").asLong()).isEqualTo(PRINCIPAL);
        }
        JsonNode borrowersView = get(borrower, Role.OPERATOR, "/api/loans/" + loanId + "/payments");
        assertThat(borrowersView.at("/disbursement/invoiceState").asString()).isEqualTo("SETTLED");
        assertThat(borrowersView.at("/disbursement/amountReceivedSat").asLong()).isEqualTo(PRINCIPAL);
        assertThat(borrowerNode.lookupInvoice(new PaymentHash(principalHash)).amountPaidSat())
                .isEqualTo(PRINCIPAL);

        long repaying = System.nanoTime();
        String invoice = repaymentInvoice(loanId);
        assertThat(lenderNode.decode(invoice).hash()).isEqualTo(releaseHash(loanId));
        assertThat(lenderNode.decode(invoice).amountSat()).isEqualTo(OWED);
        JsonNode released = repayInBackground(loanId, invoice).get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        long releasedAt = System.nanoTime();
        System.out.printf(
                "[lightning] loan on Fabric: disbursement, invoice to recorded on the lien %d ms;"
                        + " repayment, invoice to lien released %d ms%n",
                (disbursed - disbursing) / 1_000_000, (releasedAt - repaying) / 1_000_000);

        assertThat(released.at("/lien/status").asString()).isEqualTo("RELEASED");
        assertThat(released.path("amountSat").asLong()).isEqualTo(OWED);
        awaitReleasedOnEveryPeer(loanId);
        assertThat(repaymentState(loanId)).isEqualTo(InvoiceState.SETTLED);
        JsonNode lendersView = get(lender, Role.LENDER, "/api/loans/" + loanId + "/payments");
        assertThat(lendersView.at("/repayment/invoiceState").asString()).isEqualTo("SETTLED");
        assertThat(lendersView.at("/repayment/amountPaidSat").asLong()).isEqualTo(OWED);
    }

    @Test
    @Order(2)
    void aWrongPreimageIsRefusedAndTheLienStays() {
        String loanId = pledgedLoan();

        JsonNode refused = post(
                borrower,
                Role.OPERATOR,
                "/api/borrowing/loans/" + loanId + "/release",
                Map.of("preimageHex", Preimage.random().hex()),
                422);

        assertThat(refused.path("code").asString()).isEqualTo("PREIMAGE_MISMATCH");
        for (String org : FabricNetwork.PEER_ORGS) {
            assertThat(lienOn(org, loanId).path("status").asString())
                    .as("on peer0.%s", org)
                    .isEqualTo("ACTIVE");
        }
    }

    @Test
    @Order(3)
    void aPrincipalInvoicePaidBeforeTheLendersGatewayRecordedItIsRecordedOnceAndNotPaidAgain() {
        String loanId = pledgedLoan();
        String invoice = post(
                        borrower, Role.OPERATOR, "/api/borrowing/loans/" + loanId + "/principal-invoice", Map.of(), 200)
                .path("paymentRequest")
                .asString();
        // What a lender's gateway that stopped between paying and recording leaves: paid, not recorded.
        Payment paid = lenderNode.pay(invoice);

        JsonNode recorded = post(
                lender,
                Role.LENDER,
                "/api/lending/loans/" + loanId + "/disburse",
                Map.of("paymentRequest", invoice),
                200);

        assertThat(recorded.at("/lien/disbursement/paymentHash").asString())
                .isEqualTo(paid.hash().hex());
        assertThat(recorded.at("/lien/disbursement/paidAtEpochMillis").asLong())
                .as("the time of the one payment, followed again")
                .isEqualTo(paid.succeededAt().toEpochMilli());
        String another = post(
                        borrower, Role.OPERATOR, "/api/borrowing/loans/" + loanId + "/principal-invoice", Map.of(), 200)
                .path("paymentRequest")
                .asString();
        assertThat(post(
                                lender,
                                Role.LENDER,
                                "/api/lending/loans/" + loanId + "/disburse",
                                Map.of("paymentRequest", another),
                                409)
                        .path("code")
                        .asString())
                .isEqualTo("ALREADY_DISBURSED");
        assertThat(borrowerNode.lookupInvoice(lenderNode.decode(another).hash()).state())
                .isEqualTo(InvoiceState.OPEN);
    }

    @Test
    @Order(4)
    void aRepaymentForAnotherAmountIsNeitherPaidByTheBorrowersGatewayNorSettledByTheLenders() throws Exception {
        String loanId = pledgedLoan();
        disbursed(loanId);
        // The lender's node asks one satoshi less on the release hash, outside the lender's gateway.
        String shortInvoice = lenderNode
                .addHoldInvoice(releaseHash(loanId), OWED - 1, "short", Duration.ofMinutes(5))
                .paymentRequest();

        assertThat(post(
                                borrower,
                                Role.OPERATOR,
                                "/api/borrowing/loans/" + loanId + "/repay",
                                Map.of("paymentRequest", shortInvoice),
                                409)
                        .path("code")
                        .asString())
                .isEqualTo("WRONG_AMOUNT");

        // The borrower's node pays it anyway: locked in for the wrong amount, the lender's gateway does not settle.
        CompletableFuture<?> paying = CompletableFuture.runAsync(() -> borrowerNode.pay(shortInvoice), background);
        Await.until("the short payment locked in", TIMEOUT, () -> repaymentState(loanId) == InvoiceState.ACCEPTED);
        assertThat(post(lender, Role.LENDER, "/api/lending/loans/" + loanId + "/settle-repayment", Map.of(), 200)
                        .path("outcome")
                        .asString())
                .isEqualTo("WRONG_AMOUNT");
        assertThat(repaymentState(loanId)).isEqualTo(InvoiceState.ACCEPTED);
        assertThat(lienOn("lender", loanId).path("status").asString()).isEqualTo("ACTIVE");

        lenderNode.cancelInvoice(releaseHash(loanId));
        Await.until("the short payment back with the borrower", TIMEOUT, paying::isDone);
        assertThat(paying).isCompletedExceptionally();
        assertThat(lienOn("lender", loanId).path("status").asString()).isEqualTo("ACTIVE");
    }

    @Test
    @Order(5)
    void anExpiredRepaymentInvoiceLeavesTheLienInPlace() {
        String loanId = pledgedLoan();
        disbursed(loanId);
        String invoice = repaymentInvoice(loanId);

        Await.until(
                "the repayment invoice to expire",
                TIMEOUT.plus(INVOICE_EXPIRY),
                () -> repaymentState(loanId) == InvoiceState.CANCELED);

        JsonNode refused = post(
                borrower,
                Role.OPERATOR,
                "/api/borrowing/loans/" + loanId + "/repay",
                Map.of("paymentRequest", invoice),
                502);
        assertThat(refused.path("code").asString()).startsWith("LIGHTNING_");
        for (String org : FabricNetwork.PEER_ORGS) {
            assertThat(lienOn(org, loanId).path("status").asString())
                    .as("on peer0.%s", org)
                    .isEqualTo("ACTIVE");
        }
    }

    @Test
    @Order(6)
    void theBorrowersGatewayKilledBeforeItReleasedReleasesTheLienWhenBackFromWhatItsNodeSays() throws Exception {
        String loanId = pledgedLoan();
        disbursed(loanId);
        String invoice = repaymentInvoice(loanId);
        borrower.kill();

        // Its node paid (the lender's gateway settled), but the gateway that would release is gone.
        borrowerNode.pay(invoice);
        assertThat(lienOn("lender", loanId).path("status").asString()).isEqualTo("ACTIVE");
        borrower = startBorrower();

        awaitReleasedOnEveryPeer(loanId);
    }

    /** A loan paid out whose repayment the borrower's gateway is paying, locked in while the lender's gateway is killed. */
    private record LockedIn(String loanId, CompletableFuture<JsonNode> repaid) {}

    private static LockedIn repaymentLockedInWithTheLendersGatewayKilled() {
        String loanId = pledgedLoan();
        disbursed(loanId);
        String invoice = repaymentInvoice(loanId);
        // Nobody settles while the lender's gateway is down.
        lender.kill();
        CompletableFuture<JsonNode> repaid = repayInBackground(loanId, invoice);
        Await.until(
                "the repayment locked in on the lender's node",
                TIMEOUT,
                () -> repaymentState(loanId) == InvoiceState.ACCEPTED);
        assertThat(repaid).isNotDone();
        return new LockedIn(loanId, repaid);
    }

    private static void releasedOnceTheLendersGatewayIsBack(LockedIn repayment) throws Exception {
        lender = startLender();
        assertThat(repayment
                        .repaid()
                        .get(TIMEOUT.toSeconds(), TimeUnit.SECONDS)
                        .at("/lien/status")
                        .asString())
                .isEqualTo("RELEASED");
        awaitReleasedOnEveryPeer(repayment.loanId());
    }

    @Test
    @Order(7)
    void theLendersGatewayKilledWhileTheRepaymentIsLockedInSettlesItWhenBack() throws Exception {
        releasedOnceTheLendersGatewayIsBack(repaymentLockedInWithTheLendersGatewayKilled());
    }

    @Test
    @Order(8)
    void theLendersNodeRestartedWhileTheRepaymentIsLockedInKeepsItAndTheGatewaySettlesIt() throws Exception {
        LockedIn repayment = repaymentLockedInWithTheLendersGatewayKilled();

        long restarting = System.nanoTime();
        pair.restart("lender");
        System.out.printf(
                "[lightning] the lender's lnd restarted and payable again in %d ms%n",
                (System.nanoTime() - restarting) / 1_000_000);
        assertThat(repaymentState(repayment.loanId()))
                .as("kept across the restart")
                .isEqualTo(InvoiceState.ACCEPTED);

        releasedOnceTheLendersGatewayIsBack(repayment);
    }

    @Test
    @Order(9)
    void liquidationCancelsTheOpenRepaymentInvoice() {
        String loanId = pledgedLoan();
        disbursed(loanId);
        String invoice = repaymentInvoice(loanId);
        assertThat(repaymentState(loanId)).isEqualTo(InvoiceState.OPEN);
        try {
            // 0.001 BTC at 200,000 USD against 200 USD: 100 % loan-to-value, past liquidation at 80 %.
            recordPrice(4 * USD_50K);
            JsonNode liquidated =
                    post(lender, Role.LENDER, "/api/lending/loans/" + loanId + "/liquidate", Map.of(), 200);
            assertThat(liquidated.at("/lien/status").asString()).isEqualTo("LIQUIDATED");
        } finally {
            recordPrice(USD_50K);
        }

        assertThat(repaymentState(loanId)).isEqualTo(InvoiceState.CANCELED);
        assertThat(post(
                                borrower,
                                Role.OPERATOR,
                                "/api/borrowing/loans/" + loanId + "/repay",
                                Map.of("paymentRequest", invoice),
                                409)
                        .path("code")
                        .asString())
                .isEqualTo("LIEN_NOT_ACTIVE");
        for (String org : FabricNetwork.PEER_ORGS) {
            assertThat(lienOn(org, loanId).path("status").asString())
                    .as("on peer0.%s", org)
                    .isEqualTo("LIQUIDATED");
        }
    }
}
