package dev.robotledger.gateway.collateral;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.robotledger.gateway.collateral.LoanPaymentRefusedException.Reason;
import dev.robotledger.gateway.lightning.ChannelBalance;
import dev.robotledger.gateway.lightning.Invoice;
import dev.robotledger.gateway.lightning.InvoiceState;
import dev.robotledger.gateway.lightning.LightningException;
import dev.robotledger.gateway.lightning.LightningNode;
import dev.robotledger.gateway.lightning.NewInvoice;
import dev.robotledger.gateway.lightning.NodeInfo;
import dev.robotledger.gateway.lightning.Payment;
import dev.robotledger.gateway.lightning.PaymentHash;
import dev.robotledger.gateway.lightning.PaymentRequest;
import dev.robotledger.gateway.lightning.Preimage;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.support.StaticListableBeanFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The decisions {@link LoanPayments} takes from what the ledger and the node say, on fakes at both
 * edges (the real nodes and ledgers: LoanPaymentsLightningIT, LoanLightningFabricIT).
 */
class LoanPaymentsTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String LENDER = "LenderMSP";
    private static final String BORROWER = "ManufacturerMSP";
    private static final long PRINCIPAL = 100_000;
    private static final long OWED = 101_000;

    private final FakeNode node = new FakeNode();

    private LoanPayments payments(FakeLedger ledger) {
        ObjectProvider<CollateralLedger> ledgers = provider(CollateralLedger.class, ledger);
        return new LoanPayments(ledgers, provider(LightningNode.class, node), new Loans(ledgers), Duration.ofHours(1));
    }

    private static <T> ObjectProvider<T> provider(Class<T> type, T bean) {
        return new StaticListableBeanFactory(Map.of(type.getSimpleName(), bean)).getBeanProvider(type);
    }

    private ObjectNode lien(String loanId, String status, PaymentHash releaseHash) {
        return JSON.createObjectNode()
                .put("loanId", loanId)
                .put("status", status)
                .put("lenderOrg", LENDER)
                .put("borrowerOrg", BORROWER)
                .put("principalSats", PRINCIPAL)
                .put("paymentHash", releaseHash.hex());
    }

    @Test
    void theLenderSettlesOnlyARepaymentLockedInForExactlyTheAmountOwed() {
        FakeLedger ledger = new FakeLedger(LENDER);
        LoanPayments lender = payments(ledger);
        PaymentHash exact = lender.releaseHash("loan-exact");
        PaymentHash shortPaid = lender.releaseHash("loan-short");
        ledger.liens.add(lien("loan-exact", "ACTIVE", exact));
        ledger.liens.add(lien("loan-short", "ACTIVE", shortPaid));
        node.invoice(exact, OWED, InvoiceState.ACCEPTED, OWED);
        node.invoice(shortPaid, OWED, InvoiceState.ACCEPTED, OWED - 1);

        assertThat(lender.reconcile()).isEqualTo(1);

        assertThat(node.invoices.get(exact).state()).isEqualTo(InvoiceState.SETTLED);
        assertThat(node.invoices.get(shortPaid).state()).isEqualTo(InvoiceState.ACCEPTED);
        assertThat(lender.reconcile()).as("nothing left to do").isZero();
    }

    @Test
    void theLenderCancelsTheRepaymentInvoiceOfALienNoLongerActive() {
        FakeLedger ledger = new FakeLedger(LENDER);
        LoanPayments lender = payments(ledger);
        PaymentHash liquidated = lender.releaseHash("loan-liquidated");
        ledger.liens.add(lien("loan-liquidated", "LIQUIDATED", liquidated));
        node.invoice(liquidated, OWED, InvoiceState.OPEN, 0);

        assertThat(lender.reconcile()).isEqualTo(1);

        assertThat(node.invoices.get(liquidated).state()).isEqualTo(InvoiceState.CANCELED);
    }

    @Test
    void theBorrowerReleasesTheLienOfARepaymentItsNodePaidWhileItWasAway() {
        FakeLedger ledger = new FakeLedger(BORROWER);
        Preimage secret = Preimage.random();
        ledger.liens.add(lien("loan-repaid", "ACTIVE", secret.hash()));
        ledger.liens.add(lien("loan-unpaid", "ACTIVE", Preimage.random().hash()));
        node.payments.put(secret.hash(), new Payment(secret.hash(), secret, OWED, 1, Instant.now()));

        assertThat(payments(ledger).reconcile()).isEqualTo(1);

        assertThat(ledger.released).containsExactly("loan-repaid:" + secret.hex());
    }

    @Test
    void theLenderPaysOutOnceAndRefusesAnotherInvoiceAfterTheRecordedOne() {
        FakeLedger ledger = new FakeLedger(LENDER);
        ObjectNode lien = lien("loan-paid", "ACTIVE", Preimage.random().hash());
        PaymentHash recorded = Preimage.random().hash();
        lien.putObject("disbursement").put("paymentHash", recorded.hex()).put("amountSats", PRINCIPAL);
        ledger.liens.add(lien);
        node.requests.put("lnbcrt-recorded", recorded);
        node.requests.put("lnbcrt-other", Preimage.random().hash());
        LoanPayments lender = payments(ledger);

        assertThat(lender.disburse("loan-paid", "lnbcrt-recorded")
                        .at("/lien/disbursement/paymentHash")
                        .asString())
                .isEqualTo(recorded.hex());
        assertThatThrownBy(() -> lender.disburse("loan-paid", "lnbcrt-other"))
                .isInstanceOf(LoanPaymentRefusedException.class)
                .extracting(e -> ((LoanPaymentRefusedException) e).reason())
                .isEqualTo(Reason.ALREADY_DISBURSED);
        assertThat(node.paid).as("nothing paid").isEmpty();
        assertThat(ledger.disbursements).as("nothing recorded again").isEmpty();
    }

    /** The ledger's collateral transactions as far as LoanPayments uses them. */
    private static final class FakeLedger implements CollateralLedger {

        private final String mspId;
        private final List<ObjectNode> liens = new ArrayList<>();
        private final List<String> released = new ArrayList<>();
        private final List<String> disbursements = new ArrayList<>();

        FakeLedger(String mspId) {
            this.mspId = mspId;
        }

        @Override
        public String mspId() {
            return mspId;
        }

        @Override
        public JsonNode lien(String loanId) {
            return liens.stream()
                    .filter(lien -> lien.path("loanId").asString().equals(loanId))
                    .findFirst()
                    .orElseThrow();
        }

        @Override
        public JsonNode loansByLender(String lenderMspId) {
            return parties("lenderOrg", lenderMspId);
        }

        @Override
        public JsonNode loansByBorrower(String borrowerMspId) {
            return parties("borrowerOrg", borrowerMspId);
        }

        private ArrayNode parties(String field, String mspId) {
            ArrayNode answer = JSON.createArrayNode();
            liens.stream()
                    .filter(lien -> lien.path(field).asString().equals(mspId))
                    .forEach(answer::add);
            return answer;
        }

        @Override
        public JsonNode loanTerms(String loanId) {
            ObjectNode terms = JSON.createObjectNode();
            terms.putArray("schedule").addObject().put("amountSats", OWED);
            return terms;
        }

        @Override
        public Written releaseWithPreimage(String eventId, JsonNode lien, String preimageHex) {
            released.add(lien.path("loanId").asString() + ":" + preimageHex);
            return new Written("tx-release", 9, ((ObjectNode) lien.deepCopy()).put("status", "RELEASED"));
        }

        @Override
        public Written recordDisbursement(
                String eventId, JsonNode lien, String paymentHash, long amountSats, long paidAtEpochMillis) {
            disbursements.add(paymentHash);
            return new Written("tx-disbursement", 8, lien);
        }

        @Override
        public JsonNode verifyCollateral(String goodId) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Written offerLoan(
                String eventId, PledgeRequest pledge, String borrowerOrg, long expiresAtEpochMillis, LoanTerms terms) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Written withdrawOffer(String eventId, String loanId, String reason) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Written pledge(String eventId, PledgeRequest pledge, LoanTerms terms) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Written checkMargin(String eventId, JsonNode lien) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Written releaseByLender(String eventId, JsonNode lien, String reason) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Written liquidate(String eventId, JsonNode lien) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Written recordBtcPrice(String eventId, BtcPrice price) {
            throw new UnsupportedOperationException();
        }

        @Override
        public JsonNode loanOffer(String loanId) {
            throw new UnsupportedOperationException();
        }

        @Override
        public JsonNode evaluateLoan(String loanId) {
            throw new UnsupportedOperationException();
        }

        @Override
        public JsonNode loanOffersToBorrower(String mspId) {
            throw new UnsupportedOperationException();
        }
    }

    /** A node with invoices and payments set up by the test; its secrets are digests of the purpose. */
    private static final class FakeNode implements LightningNode {

        private final Map<PaymentHash, Invoice> invoices = new HashMap<>();
        private final Map<PaymentHash, Payment> payments = new HashMap<>();
        private final Map<String, PaymentHash> requests = new HashMap<>();
        private final List<String> paid = new ArrayList<>();

        void invoice(PaymentHash hash, long amountSat, InvoiceState state, long amountPaidSat) {
            invoices.put(
                    hash,
                    new Invoice(
                            hash,
                            "lnbcrt-" + hash.hex(),
                            amountSat,
                            "",
                            state,
                            amountPaidSat,
                            Instant.now(),
                            Duration.ofHours(1),
                            Optional.empty()));
        }

        private void setState(PaymentHash hash, InvoiceState state) {
            Invoice invoice = invoices.get(hash);
            invoices.put(
                    hash,
                    new Invoice(
                            hash,
                            invoice.paymentRequest(),
                            invoice.amountSat(),
                            invoice.memo(),
                            state,
                            invoice.amountPaidSat(),
                            invoice.createdAt(),
                            invoice.expiry(),
                            invoice.preimage()));
        }

        @Override
        public Invoice lookupInvoice(PaymentHash hash) {
            Invoice invoice = invoices.get(hash);
            if (invoice == null) {
                throw new LightningException(
                        LightningException.Failure.REFUSED,
                        "look up invoice",
                        LightningException.NOT_FOUND,
                        "there are no existing invoices",
                        null);
            }
            return invoice;
        }

        @Override
        public void settleInvoice(Preimage preimage) {
            setState(preimage.hash(), InvoiceState.SETTLED);
        }

        @Override
        public void cancelInvoice(PaymentHash hash) {
            setState(hash, InvoiceState.CANCELED);
        }

        @Override
        public Optional<Payment> payment(PaymentHash hash) {
            return Optional.ofNullable(payments.get(hash));
        }

        @Override
        public Preimage secret(String purpose) {
            try {
                return Preimage.of(
                        MessageDigest.getInstance("SHA-256").digest(purpose.getBytes(StandardCharsets.UTF_8)));
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException(e);
            }
        }

        @Override
        public PaymentRequest decode(String paymentRequest) {
            return new PaymentRequest(
                    requests.get(paymentRequest), PRINCIPAL, "borrower", "", Instant.now(), Duration.ofHours(1));
        }

        @Override
        public Payment pay(String paymentRequest) {
            paid.add(paymentRequest);
            throw new UnsupportedOperationException("the test expects no payment");
        }

        @Override
        public NodeInfo info() {
            throw new UnsupportedOperationException();
        }

        @Override
        public NewInvoice addInvoice(long amountSat, String memo, Duration expiry) {
            throw new UnsupportedOperationException();
        }

        @Override
        public NewInvoice addHoldInvoice(PaymentHash hash, long amountSat, String memo, Duration expiry) {
            throw new UnsupportedOperationException();
        }

        @Override
        public ChannelBalance channelBalance() {
            throw new UnsupportedOperationException();
        }
    }
}
