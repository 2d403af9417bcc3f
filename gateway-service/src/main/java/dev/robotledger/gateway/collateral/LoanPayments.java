package dev.robotledger.gateway.collateral;

import dev.robotledger.gateway.collateral.LoanPaymentRefusedException.Reason;
import dev.robotledger.gateway.lightning.HoldInvoiceSettlement;
import dev.robotledger.gateway.lightning.Invoice;
import dev.robotledger.gateway.lightning.InvoiceState;
import dev.robotledger.gateway.lightning.LightningException;
import dev.robotledger.gateway.lightning.LightningNode;
import dev.robotledger.gateway.lightning.NewInvoice;
import dev.robotledger.gateway.lightning.Payment;
import dev.robotledger.gateway.lightning.PaymentHash;
import dev.robotledger.gateway.lightning.PaymentRequest;
import dev.robotledger.gateway.lightning.Preimage;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Service;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * A loan's money over this org's own Lightning node, on the lien the ledger holds.
 *
 * <p>Disbursement: the borrower's gateway issues an invoice for the principal
 * ({@link #invoiceForPrincipal}); the lender's pays it once the pledge has committed, only for
 * exactly the principal, and records the payment on the lien ({@link #disburse}); the borrower's
 * gateway confirms its invoice settled ({@link #payments}). Repayment: the lien's release hash is
 * the hash of a secret of the lender's node ({@link #releaseHash}, put in the offer); the lender's
 * gateway issues a hold invoice on it for what the private terms schedule ({@link #requestRepayment}),
 * the borrower's pays it ({@link #repay}) only when its hash is the release hash and its amount what
 * the terms say, which blocks until the lender settles ({@link #settleRepayment}, exact amount only),
 * and then releases the lien with the preimage its payment returned. A lien no longer active
 * (liquidated, released by the lender) gets its open repayment invoice cancelled.
 *
 * <p>Every step can be repeated after a lost answer or a restart: lnd pays a hash once, the lien
 * keeps the one disbursement, a hold invoice is looked up before it is added, a settlement reports
 * one already made, and the release's event id is derived from the preimage. {@link #reconcile}
 * resumes what a restart interrupted from what the ledger and the node say. Blocking: call off the
 * event loop.
 */
@Service
public class LoanPayments {

    private static final Logger log = LoggerFactory.getLogger(LoanPayments.class);
    private static final Duration PRINCIPAL_INVOICE_EXPIRY = Duration.ofHours(24);

    private final ObjectProvider<CollateralLedger> ledger;
    private final ObjectProvider<LightningNode> lightning;
    private final Loans loans;
    private final Duration repaymentInvoiceExpiry;
    private final Set<String> repaying = ConcurrentHashMap.newKeySet();

    public LoanPayments(
            ObjectProvider<CollateralLedger> ledger,
            ObjectProvider<LightningNode> lightning,
            Loans loans,
            @Value("${gateway.lightning.repayment-invoice-expiry:24h}") Duration repaymentInvoiceExpiry) {
        this.ledger = ledger;
        this.lightning = lightning;
        this.loans = loans;
        this.repaymentInvoiceExpiry = repaymentInvoiceExpiry;
    }

    /** As the lender: the release hash to offer loan {@code loanId} with; its preimage never leaves this node. */
    public PaymentHash releaseHash(String loanId) {
        Checks.id("loanId", loanId);
        return releasePreimage(loanId).hash();
    }

    /** As the borrower: an invoice of its own node for the loan's principal, for the lender to pay. */
    public NewInvoice invoiceForPrincipal(String loanId) {
        JsonNode lien = activeLien(loanId, "borrowerOrg");
        return node().addInvoice(
                        lien.path("principalSats").asLong(), "principal of loan " + loanId, PRINCIPAL_INVOICE_EXPIRY);
    }

    /**
     * As the lender: pays the borrower's invoice for exactly the principal of the committed pledge and
     * records the payment on the lien. The invoice already recorded is not paid again; another is refused.
     *
     * @return the write ({@code eventId}, {@code transactionId}, {@code blockNumber}, {@code lien})
     */
    public ObjectNode disburse(String loanId, String paymentRequest) {
        JsonNode lien = activeLien(loanId, "lenderOrg");
        PaymentRequest request = node().decode(paymentRequest);
        JsonNode recorded = lien.path("disbursement");
        if (!recorded.isMissingNode()) {
            if (recorded.path("paymentHash").asString().equals(request.hash().hex())) {
                return JsonNodeFactory.instance.objectNode().set("lien", lien);
            }
            throw new LoanPaymentRefusedException(
                    Reason.ALREADY_DISBURSED,
                    "loan " + loanId + " was paid out by payment "
                            + recorded.path("paymentHash").asString() + "; it is paid out once");
        }
        long principal = lien.path("principalSats").asLong();
        if (request.amountSat() != principal) {
            throw new LoanPaymentRefusedException(
                    Reason.WRONG_AMOUNT,
                    "the invoice asks " + request.amountSat() + " sats; loan " + loanId + " pays out " + principal);
        }
        Payment payment = node().pay(paymentRequest);
        String eventId = Loans.eventId("disbursement", loanId, payment.hash().hex());
        return Loans.written(
                eventId,
                ledger().recordDisbursement(
                                eventId,
                                lien,
                                payment.hash().hex(),
                                payment.amountSat(),
                                payment.succeededAt().toEpochMilli()),
                "lien");
    }

    /**
     * As the lender: the hold invoice the borrower repays, on the lien's release hash, for the sum of
     * the terms' instalments; the same invoice again while it is open or paid.
     */
    public NewInvoice requestRepayment(String loanId) {
        JsonNode lien = activeLien(loanId, "lenderOrg");
        PaymentHash hash = releaseHash(lien);
        if (!releasePreimage(loanId).hash().equals(hash)) {
            throw new LoanPaymentRefusedException(
                    Reason.NOT_RELEASE_HASH,
                    "loan " + loanId + "'s release hash " + hash.hex()
                            + " was not made by this gateway's node: it cannot settle a repayment on it");
        }
        Optional<Invoice> existing = invoice(hash);
        if (existing.isPresent() && existing.get().state() != InvoiceState.CANCELED) {
            return new NewInvoice(hash, existing.get().paymentRequest());
        }
        return node().addHoldInvoice(
                        hash, amountOwedSat(loanId), "repayment of loan " + loanId, repaymentInvoiceExpiry);
    }

    /** As the lender: settles the repayment if exactly the amount owed is locked in; see {@link HoldInvoiceSettlement}. */
    public HoldInvoiceSettlement.Result settleRepayment(String loanId) {
        return new HoldInvoiceSettlement(node()).settle(releasePreimage(loanId), amountOwedSat(loanId));
    }

    /**
     * As the borrower: pays the lender's repayment invoice, which must carry the lien's release hash
     * and ask what the terms say is owed, waits until the lender settles it, and releases the lien
     * with the preimage the payment returned.
     *
     * @return the release as {@link Loans#releaseWithPreimage} answers it, with the payment's hash
     */
    public ObjectNode repay(String loanId, String paymentRequest) {
        JsonNode lien = activeLien(loanId, "borrowerOrg");
        PaymentRequest request = node().decode(paymentRequest);
        if (!request.hash().equals(releaseHash(lien))) {
            throw new LoanPaymentRefusedException(
                    Reason.NOT_RELEASE_HASH,
                    "the invoice's payment hash " + request.hash().hex() + " is not loan " + loanId
                            + "'s release hash: paying it would not release the lien");
        }
        long owed = amountOwedSat(loanId);
        if (request.amountSat() != owed) {
            throw new LoanPaymentRefusedException(
                    Reason.WRONG_AMOUNT,
                    "the invoice asks " + request.amountSat() + " sats; loan " + loanId + "'s terms owe " + owed);
        }
        // While this call pays, reconcile leaves the loan to it: two releases of one payment would race.
        repaying.add(loanId);
        try {
            return release(loanId, node().pay(paymentRequest));
        } finally {
            repaying.remove(loanId);
        }
    }

    /** As the lender: liquidates ({@link Loans#liquidate}) and cancels the repayment invoice that can no longer release the lien. */
    public ObjectNode liquidate(String loanId) {
        ObjectNode liquidated = loans.liquidate(loanId);
        if (lightning.getIfAvailable() != null) {
            cancelRepayment(liquidated.path("lien"));
        }
        return liquidated;
    }

    /**
     * The loan's payments as the ledger records them and as this org's node sees them: the
     * disbursement (its invoice settled, on the borrower's node) and the repayment (the hold
     * invoice on the lender's node, the payment on the borrower's).
     */
    public ObjectNode payments(String loanId) {
        Checks.id("loanId", loanId);
        CollateralLedger ledger = ledger();
        JsonNode lien = ledger.lien(loanId);
        boolean lender = ledger.mspId().equals(lien.path("lenderOrg").asString());
        ObjectNode answer = JsonNodeFactory.instance
                .objectNode()
                .put("loanId", loanId)
                .put("lienStatus", lien.path("status").asString());
        ObjectNode disbursement = answer.putObject("disbursement");
        JsonNode recorded = lien.path("disbursement");
        if (!recorded.isMissingNode()) {
            disbursement.setAll((ObjectNode) recorded);
            if (!lender) {
                invoice(new PaymentHash(recorded.path("paymentHash").asString()))
                        .ifPresent(invoice -> disbursement
                                .put("invoiceState", invoice.state().name())
                                .put("amountReceivedSat", invoice.amountPaidSat()));
            }
        }
        ObjectNode repayment = answer.putObject("repayment")
                .put("paymentHash", releaseHash(lien).hex());
        if (lien.path("closure").has("preimageHex")) {
            repayment.put(
                    "preimageHex", lien.path("closure").path("preimageHex").asString());
        }
        if (lender) {
            invoice(releaseHash(lien))
                    .ifPresent(invoice -> repayment
                            .put("invoiceState", invoice.state().name())
                            .put("amountSat", invoice.amountSat())
                            .put("amountPaidSat", invoice.amountPaidSat())
                            .put("paymentRequest", invoice.paymentRequest())
                            .put("expiresAtEpochMillis", invoice.expiresAt().toEpochMilli()));
        }
        return answer;
    }

    /**
     * Resumes what a restart interrupted: as a lender, settles repayments locked in for the exact
     * amount and cancels those of liens no longer active; as a borrower, releases the lien of a
     * repayment its node paid. Each loan on its own: one failing does not stop the others.
     *
     * @return how many loans it acted on
     */
    public int reconcile() {
        CollateralLedger ledger = ledger();
        node();
        int acted = 0;
        for (JsonNode lien : ledger.loansByLender(ledger.mspId())) {
            acted += attempt(lien, () -> reconcileLent(lien));
        }
        for (JsonNode lien : ledger.loansByBorrower(ledger.mspId())) {
            if ("ACTIVE".equals(lien.path("status").asString())
                    && !repaying.contains(lien.path("loanId").asString())) {
                acted += attempt(
                        lien,
                        () -> node().payment(releaseHash(lien))
                                .map(paid -> release(lien.path("loanId").asString(), paid))
                                .isPresent());
            }
        }
        return acted;
    }

    private static int attempt(JsonNode lien, BooleanSupplier step) {
        try {
            return step.getAsBoolean() ? 1 : 0;
        } catch (RuntimeException e) {
            log.warn(
                    "loan {}: its payments could not be reconciled now: {}",
                    lien.path("loanId").asString(),
                    e.getMessage());
            return 0;
        }
    }

    private boolean reconcileLent(JsonNode lien) {
        if (!"ACTIVE".equals(lien.path("status").asString())) {
            return cancelRepayment(lien);
        }
        return invoice(releaseHash(lien))
                        .filter(invoice -> invoice.state() == InvoiceState.ACCEPTED)
                        .isPresent()
                && settleRepayment(lien.path("loanId").asString()).outcome() == HoldInvoiceSettlement.Outcome.SETTLED;
    }

    private boolean cancelRepayment(JsonNode lien) {
        PaymentHash hash = releaseHash(lien);
        Optional<Invoice> invoice = invoice(hash);
        if (invoice.isPresent()
                && (invoice.get().state() == InvoiceState.OPEN || invoice.get().state() == InvoiceState.ACCEPTED)) {
            node().cancelInvoice(hash);
            return true;
        }
        return false;
    }

    private ObjectNode release(String loanId, Payment payment) {
        ObjectNode released =
                loans.releaseWithPreimage(loanId, payment.preimage().hex());
        released.put("paymentHash", payment.hash().hex()).put("amountSat", payment.amountSat());
        return released;
    }

    private Optional<Invoice> invoice(PaymentHash hash) {
        try {
            return Optional.of(node().lookupInvoice(hash));
        } catch (LightningException e) {
            if (e.isNotFound()) {
                return Optional.empty();
            }
            throw e;
        }
    }

    private Preimage releasePreimage(String loanId) {
        return node().secret("robot-ledger: the preimage that releases the lien of loan " + loanId);
    }

    /** Principal and interest: the sum of the instalments in the loan's private terms. */
    long amountOwedSat(String loanId) {
        long owed = 0;
        for (JsonNode instalment : ledger().loanTerms(loanId).path("schedule")) {
            owed = Math.addExact(owed, instalment.path("amountSats").asLong());
        }
        return owed;
    }

    private JsonNode activeLien(String loanId, String partyField) {
        Checks.id("loanId", loanId);
        CollateralLedger ledger = ledger();
        JsonNode lien = ledger.lien(loanId);
        if (!"ACTIVE".equals(lien.path("status").asString())) {
            throw new LoanPaymentRefusedException(
                    Reason.LIEN_NOT_ACTIVE,
                    "loan " + loanId + "'s lien is " + lien.path("status").asString());
        }
        if (!ledger.mspId().equals(lien.path(partyField).asString())) {
            throw new LoanPaymentRefusedException(
                    Reason.NOT_PARTY,
                    ledger.mspId() + " is not the " + partyField.replace("Org", "") + " of loan " + loanId);
        }
        return lien;
    }

    private static PaymentHash releaseHash(JsonNode lien) {
        return new PaymentHash(lien.path("paymentHash").asString());
    }

    private LightningNode node() {
        LightningNode node = lightning.getIfAvailable();
        if (node == null) {
            throw new LoanPaymentRefusedException(
                    Reason.NO_LIGHTNING_NODE,
                    "no Lightning node is configured (gateway.lightning.host): this gateway moves no money");
        }
        return node;
    }

    private CollateralLedger ledger() {
        return Loans.required(ledger);
    }
}
