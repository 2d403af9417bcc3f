package dev.robotledger.gateway.collateral;

import static dev.robotledger.contract.ContractTransaction.RECORD_ANCHOR;
import static dev.robotledger.contract.ContractTransaction.RECORD_BTC_PRICE;
import static dev.robotledger.contract.ContractTransaction.RECORD_PRODUCTION;
import static dev.robotledger.contract.ContractTransaction.RECORD_QUALITY_CHECK;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.robotledger.contract.ContractTransaction;
import dev.robotledger.gateway.collateral.LoanPaymentRefusedException.Reason;
import dev.robotledger.gateway.collateral.fabric.FabricCollateralLedger;
import dev.robotledger.gateway.ledger.LedgerProperties;
import dev.robotledger.gateway.ledger.PeerCredentials;
import dev.robotledger.gateway.ledger.fabric.LedgerConnection;
import dev.robotledger.gateway.ledger.fabric.ProvenanceContractClient;
import dev.robotledger.gateway.lightning.HoldInvoiceSettlement.Outcome;
import dev.robotledger.gateway.lightning.InvoiceState;
import dev.robotledger.gateway.lightning.LightningException;
import dev.robotledger.gateway.lightning.LightningNode;
import dev.robotledger.gateway.lightning.NewInvoice;
import dev.robotledger.gateway.lightning.PaymentHash;
import dev.robotledger.gateway.testing.Await;
import dev.robotledger.gateway.testing.LightningPair;
import dev.robotledger.ledger.embedded.CertificateAuthority;
import dev.robotledger.ledger.embedded.ContractPeer;
import dev.robotledger.ledger.embedded.PeerServer;
import java.io.IOException;
import java.nio.file.Path;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.support.StaticListableBeanFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * A loan's money over real Lightning nodes: the lender's gateway code on the lender's lnd, the
 * borrower's (the manufacturer's) on the borrower's, each writing to the ledger as its own org
 * through the Fabric Gateway client. The peer is {@link ContractPeer}, the test double running
 * the real contract, so the lien is released only by the contract's own check of the preimage.
 */
@ExtendWith(LightningPair.Tier.class)
class LoanPaymentsLightningIT {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String LENDER = "LenderMSP";
    private static final String BORROWER = "ManufacturerMSP";
    private static final String ROBOT = "lightning-robot";
    private static final String BATCH = "lightning-batch";
    private static final long PRINCIPAL = 1_000_000;
    private static final long OWED = 1_010_000;

    @TempDir
    static Path dir;

    private static PeerServer peer;
    private static final List<LedgerConnection> connections = new ArrayList<>();
    private static Party lender;
    private static Party borrower;
    private static ExecutorService background;

    /** One org's gateway code: its ledger identity, its loan flows and its own Lightning node. */
    record Party(ObjectProvider<CollateralLedger> ledger, Loans loans, LoanPayments payments, LightningNode node) {}

    @BeforeAll
    static void twoPartiesOnOnePeerEachWithItsNode(LightningPair pair) throws Exception {
        PeerCredentials credentials = PeerCredentials.issue(dir);
        peer = credentials.serve(new ContractPeer());
        lender = party(credentials, LENDER, pair.node("lender"));
        borrower = party(credentials, BORROWER, pair.node("borrower"));
        background = Executors.newCachedThreadPool();

        var keys = KeyPairGenerator.getInstance("EC");
        keys.initialize(new ECGenParameterSpec("secp256r1"));
        peer.peer().registerRobot(BORROWER, ROBOT, keys.generateKeyPair().getPublic());
        long now = System.currentTimeMillis();
        submit(
                BORROWER,
                RECORD_ANCHOR,
                Map.of(
                        "batchId",
                        BATCH,
                        "merkleRoot",
                        "cd".repeat(32),
                        "readingCount",
                        8,
                        "fromEpochMillis",
                        now - 7_200_000,
                        "toEpochMillis",
                        now - 60_000,
                        "robotIds",
                        List.of(ROBOT)));
        submit(
                "OracleMSP",
                RECORD_BTC_PRICE,
                Map.of(
                        "priceId",
                        "usd-" + now,
                        "currency",
                        "USD",
                        "minorUnitsPerBtc",
                        5_000_000L,
                        "source",
                        "test",
                        "observedAtEpochMillis",
                        now));
    }

    @AfterAll
    static void stop() throws Exception {
        if (background != null) {
            background.shutdownNow();
        }
        connections.forEach(LedgerConnection::close);
        if (peer != null) {
            peer.close();
        }
    }

    private static Party party(PeerCredentials credentials, String mspId, LightningNode node) throws IOException {
        CertificateAuthority.Issued identity =
                CertificateAuthority.newCa("ca." + mspId + ".test").issue("Gateway@" + mspId, null, dir);
        LedgerConnection connection = LedgerConnection.open(new LedgerProperties(
                "127.0.0.1:" + peer.port(),
                credentials.tlsCaFile(),
                credentials.tlsServerName(),
                mspId,
                identity.certificateFile(),
                identity.privateKeyFile(),
                ContractPeer.CHANNEL,
                ContractPeer.CHAINCODE,
                Duration.ofSeconds(5),
                Duration.ofSeconds(15),
                Duration.ofSeconds(5),
                Duration.ofMinutes(1),
                Duration.ofSeconds(10),
                3,
                ""));
        connections.add(connection);
        ObjectProvider<CollateralLedger> ledger = provider(
                CollateralLedger.class, new FabricCollateralLedger(ProvenanceContractClient.of(connection), mspId));
        Loans loans = new Loans(ledger);
        return new Party(
                ledger,
                loans,
                new LoanPayments(ledger, provider(LightningNode.class, node), loans, Duration.ofHours(1)),
                node);
    }

    private static <T> ObjectProvider<T> provider(Class<T> type, T bean) {
        return new StaticListableBeanFactory(Map.of(type.getSimpleName(), bean)).getBeanProvider(type);
    }

    private static void submit(String mspId, ContractTransaction transaction, Object request) {
        submit(mspId, transaction, "it-" + UUID.randomUUID(), request);
    }

    private static void submit(String mspId, ContractTransaction transaction, String eventId, Object request) {
        try {
            peer.peer().submitAs(mspId, transaction.functionName(), eventId, JSON.writeValueAsString(request));
        } catch (JacksonException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A good the borrower made, inspected and anchored, pledged for a loan whose release hash the lender's node made. */
    private static String pledgedLoan() {
        String goodId = "gearbox-" + UUID.randomUUID().toString().substring(0, 8);
        String production = "it-" + UUID.randomUUID();
        submit(
                BORROWER,
                RECORD_PRODUCTION,
                production,
                Map.of(
                        "goodId",
                        goodId,
                        "kind",
                        "gearbox",
                        "robotId",
                        ROBOT,
                        "producedAtEpochMillis",
                        System.currentTimeMillis() - 3_600_000,
                        "firmwareVersion",
                        "fw-2",
                        "processParameters",
                        Map.of("torqueNm", 9.5),
                        "energyWh",
                        2.0,
                        "telemetryAnchor",
                        Map.of("batchId", BATCH, "merkleRoot", "cd".repeat(32))));
        submit(
                BORROWER,
                RECORD_QUALITY_CHECK,
                Map.of(
                        "goodId",
                        goodId,
                        "producedBy",
                        production,
                        "inspector",
                        "cell-7",
                        "checkType",
                        "torque",
                        "result",
                        "PASS",
                        "measurements",
                        Map.of("torqueNm", 9.4)));
        String loanId = "loan-ln-" + UUID.randomUUID().toString().substring(0, 8);
        LoanTerms terms = new LoanTerms(
                100,
                List.of(new LoanTerms.Instalment(1_900_000_000_000L, OWED)),
                Map.of("legalName", "Acme Manufacturing Ltd"));
        // 0.01 BTC at 50,000 USD against 2,000 USD: 25 % loan-to-value.
        lender.loans()
                .propose(new LoanProposal(
                        loanId,
                        goodId,
                        BORROWER,
                        PRINCIPAL,
                        200_000L,
                        "USD",
                        5_000,
                        7_000,
                        8_000,
                        lender.payments().releaseHash(loanId).hex(),
                        System.currentTimeMillis() + 86_400_000L,
                        terms,
                        null));
        borrower.loans().accept(loanId, terms, null);
        return loanId;
    }

    private static JsonNode lien(String loanId) {
        return lender.ledger().getObject().lien(loanId);
    }

    private static String lienStatus(Party party, String loanId) {
        for (JsonNode loan : party.loans().borrowedLoans().path("loans")) {
            if (loan.path("lien").path("loanId").asString().equals(loanId)) {
                return loan.path("lien").path("status").asString();
            }
        }
        return "none";
    }

    @Test
    void principalIsPaidOutAndRepaymentReleasesTheLienWithThePreimageTheBorrowerBought() throws Exception {
        String loanId = pledgedLoan();

        long disbursing = System.nanoTime();
        NewInvoice principal = borrower.payments().invoiceForPrincipal(loanId);
        ObjectNode paidOut = lender.payments().disburse(loanId, principal.paymentRequest());
        long disbursed = System.nanoTime();
        assertThat(paidOut.at("/lien/disbursement/paymentHash").asString())
                .isEqualTo(principal.hash().hex());
        assertThat(paidOut.at("/lien/disbursement/amountSats").asLong()).isEqualTo(PRINCIPAL);
        assertThat(borrower.node().lookupInvoice(principal.hash()).state()).isEqualTo(InvoiceState.SETTLED);
        assertThat(borrower.payments()
                        .payments(loanId)
                        .at("/disbursement/invoiceState")
                        .asString())
                .isEqualTo("SETTLED");

        long repaying = System.nanoTime();
        NewInvoice repayment = lender.payments().requestRepayment(loanId);
        PaymentHash releaseHash =
                new PaymentHash(lien(loanId).path("paymentHash").asString());
        assertThat(repayment.hash()).isEqualTo(releaseHash);
        assertThat(lender.payments().requestRepayment(loanId))
                .as("asking again gives the same invoice")
                .isEqualTo(repayment);
        CompletableFuture<ObjectNode> repaid = CompletableFuture.supplyAsync(
                () -> borrower.payments().repay(loanId, repayment.paymentRequest()), background);
        Await.until(
                "the repayment locked in on the lender's node",
                WAIT,
                () -> lender.node().lookupInvoice(releaseHash).state() == InvoiceState.ACCEPTED);
        assertThat(lienStatus(borrower, loanId))
                .as("locked in, not yet settled")
                .isEqualTo("ACTIVE");
        assertThat(lender.payments().settleRepayment(loanId).outcome()).isEqualTo(Outcome.SETTLED);
        ObjectNode released = repaid.get(WAIT.toSeconds(), TimeUnit.SECONDS);
        long releasedAt = System.nanoTime();
        System.out.printf(
                "[lightning] loan: disbursement %d ms; repayment, invoice to lien released %d ms%n",
                (disbursed - disbursing) / 1_000_000, (releasedAt - repaying) / 1_000_000);

        assertThat(released.path("lien").path("status").asString()).isEqualTo("RELEASED");
        assertThat(released.path("paymentHash").asString()).isEqualTo(releaseHash.hex());
        assertThat(released.path("amountSat").asLong()).isEqualTo(OWED);
        assertThat(lienStatus(borrower, loanId)).isEqualTo("RELEASED");
        assertThatThrownBy(() -> lender.payments().disburse(loanId, principal.paymentRequest()))
                .isInstanceOf(LoanPaymentRefusedException.class)
                .extracting(e -> ((LoanPaymentRefusedException) e).reason())
                .isEqualTo(Reason.LIEN_NOT_ACTIVE);
    }

    @Test
    void theSamePrincipalInvoiceAgainPaysNothingAndAnotherIsRefused() {
        String loanId = pledgedLoan();
        NewInvoice principal = borrower.payments().invoiceForPrincipal(loanId);
        ObjectNode first = lender.payments().disburse(loanId, principal.paymentRequest());

        ObjectNode again = lender.payments().disburse(loanId, principal.paymentRequest());
        NewInvoice second = borrower.payments().invoiceForPrincipal(loanId);

        assertThat(again.at("/lien/disbursement"))
                .as("the first record, not a second one")
                .isEqualTo(first.at("/lien/disbursement"));
        assertThatThrownBy(() -> lender.payments().disburse(loanId, second.paymentRequest()))
                .isInstanceOf(LoanPaymentRefusedException.class)
                .extracting(e -> ((LoanPaymentRefusedException) e).reason())
                .isEqualTo(Reason.ALREADY_DISBURSED);
        assertThat(borrower.node().lookupInvoice(second.hash()).state()).isEqualTo(InvoiceState.OPEN);
    }

    @Test
    void anExpiredRepaymentInvoiceLeavesTheLienInPlace() {
        String loanId = pledgedLoan();
        LoanPayments shortLived = new LoanPayments(
                lender.ledger(), provider(LightningNode.class, lender.node()), lender.loans(), Duration.ofSeconds(2));
        NewInvoice repayment = shortLived.requestRepayment(loanId);

        Await.until(
                "the repayment invoice to expire",
                WAIT,
                () -> lender.node().lookupInvoice(repayment.hash()).state() == InvoiceState.CANCELED);

        assertThatThrownBy(() -> borrower.payments().repay(loanId, repayment.paymentRequest()))
                .isInstanceOf(LightningException.class);
        assertThat(lienStatus(borrower, loanId)).isEqualTo("ACTIVE");
    }

    @Test
    void lenderPaysOutOnlyAnInvoiceForThePrincipal() {
        String loanId = pledgedLoan();
        NewInvoice more = borrower.node().addInvoice(PRINCIPAL + 1, "more than lent", Duration.ofHours(1));

        assertThatThrownBy(() -> lender.payments().disburse(loanId, more.paymentRequest()))
                .isInstanceOf(LoanPaymentRefusedException.class)
                .extracting(e -> ((LoanPaymentRefusedException) e).reason())
                .isEqualTo(Reason.WRONG_AMOUNT);
        assertThat(borrower.node().lookupInvoice(more.hash()).state()).isEqualTo(InvoiceState.OPEN);
    }

    @Test
    void borrowerPaysNoRepaymentInvoiceThatWouldNotReleaseTheLien() {
        String loanId = pledgedLoan();
        NewInvoice other = lender.node().addInvoice(OWED, "repayment on another hash", Duration.ofHours(1));

        assertThatThrownBy(() -> borrower.payments().repay(loanId, other.paymentRequest()))
                .isInstanceOf(LoanPaymentRefusedException.class)
                .extracting(e -> ((LoanPaymentRefusedException) e).reason())
                .isEqualTo(Reason.NOT_RELEASE_HASH);
        assertThat(lender.node().lookupInvoice(other.hash()).state()).isEqualTo(InvoiceState.OPEN);
        assertThat(lienStatus(borrower, loanId)).isEqualTo("ACTIVE");
    }
}
