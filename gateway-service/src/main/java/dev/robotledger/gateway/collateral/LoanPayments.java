package dev.robotledger.gateway.collateral;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
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
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Service;

/**
 * A loan's money over this org's own Lightning node, on the lien the ledger holds.
 *
 * <p>Disbursement: the borrower's gateway issues an invoice for the principal
 * ({@link #invoiceForPrincipal}); the lender's pays it ({@link #disburse}) once the pledge has
 * committed, and only for exactly the principal. Repayment: the lender's gateway issues a hold
 * invoice for what the private terms schedule (principal and interest) on the lien's release
 * hash ({@link #requestRepayment}); the borrower's pays it ({@link #repay}) only when its hash is
 * the release hash, which blocks until the lender settles ({@link #settleRepayment}, exact amount
 * only), and then releases the lien with the preimage its payment returned.
 *
 * <p>Every step can be repeated after a lost answer or a restart: lnd pays a hash once, a hold
 * invoice is looked up before it is added, a settlement reports one already made, and the release's
 * event id is derived from the preimage. Blocking: call off the event loop.
 */
@Service
public class LoanPayments {

    private static final Duration PRINCIPAL_INVOICE_EXPIRY = Duration.ofHours(24);
    private static final Duration REPAYMENT_INVOICE_EXPIRY = Duration.ofHours(24);

    private final ObjectProvider<CollateralLedger> ledger;
    private final ObjectProvider<LightningNode> lightning;
    private final Loans loans;

    public LoanPayments(ObjectProvider<CollateralLedger> ledger, ObjectProvider<LightningNode> lightning, Loans loans) {
        this.ledger = ledger;
        this.lightning = lightning;
        this.loans = loans;
    }

    /** As the borrower: an invoice of its own node for the loan's principal, for the lender to pay. */
    public NewInvoice invoiceForPrincipal(String loanId) {
        JsonNode lien = activeLien(loanId, "borrowerOrg");
        return node().addInvoice(lien.path("principalSats").asLong(), "principal of loan " + loanId,
                PRINCIPAL_INVOICE_EXPIRY);
    }

    /** As the lender: pays the borrower's invoice for exactly the principal of the committed pledge. */
    public Payment disburse(String loanId, String paymentRequest) {
        JsonNode lien = activeLien(loanId, "lenderOrg");
        PaymentRequest request = node().decode(paymentRequest);
        long principal = lien.path("principalSats").asLong();
        if (request.amountSat() != principal) {
            throw new LoanPaymentRefusedException(Reason.WRONG_AMOUNT, "the invoice asks " + request.amountSat()
                    + " sats; loan " + loanId + " pays out " + principal);
        }
        return node().pay(paymentRequest);
    }

    /**
     * As the lender: the hold invoice the borrower repays, on the lien's release hash, for the sum of
     * the terms' instalments; the same invoice again when it exists and is not cancelled.
     *
     * @param releasePreimage the secret whose SHA-256 the lender put in the offer as the payment hash
     */
    public NewInvoice requestRepayment(String loanId, Preimage releasePreimage) {
        JsonNode lien = activeLien(loanId, "lenderOrg");
        PaymentHash hash = releaseHash(lien);
        if (!releasePreimage.hash().equals(hash)) {
            throw new LoanPaymentRefusedException(Reason.NOT_RELEASE_HASH, "that preimage does not hash to loan "
                    + loanId + "'s release hash " + hash.hex());
        }
        try {
            Invoice existing = node().lookupInvoice(hash);
            if (existing.state() != InvoiceState.CANCELED) {
                return new NewInvoice(hash, existing.paymentRequest());
            }
        } catch (LightningException e) {
            if (!e.isNotFound()) {
                throw e;
            }
        }
        return node().addHoldInvoice(hash, amountOwedSat(loanId), "repayment of loan " + loanId,
                REPAYMENT_INVOICE_EXPIRY);
    }

    /** As the lender: settles the repayment if exactly the amount owed is locked in; see {@link HoldInvoiceSettlement}. */
    public HoldInvoiceSettlement.Result settleRepayment(String loanId, Preimage releasePreimage) {
        return new HoldInvoiceSettlement(node()).settle(releasePreimage, amountOwedSat(loanId));
    }

    /**
     * As the borrower: pays the lender's repayment invoice, which must carry the lien's release hash,
     * waits until the lender settles it, and releases the lien with the preimage the payment returned.
     *
     * @return the release as {@link Loans#releaseWithPreimage} answers it, with the payment's hash
     */
    public ObjectNode repay(String loanId, String paymentRequest) {
        JsonNode lien = activeLien(loanId, "borrowerOrg");
        PaymentRequest request = node().decode(paymentRequest);
        if (!request.hash().equals(releaseHash(lien))) {
            throw new LoanPaymentRefusedException(Reason.NOT_RELEASE_HASH, "the invoice's payment hash "
                    + request.hash().hex() + " is not loan " + loanId + "'s release hash: paying it would not release the lien");
        }
        Payment payment = node().pay(paymentRequest);
        ObjectNode released = loans.releaseWithPreimage(loanId, payment.preimage().hex());
        released.put("paymentHash", payment.hash().hex()).put("amountSat", payment.amountSat());
        return released;
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
        if (!"ACTIVE".equals(lien.path("status").asText())) {
            throw new LoanPaymentRefusedException(Reason.LIEN_NOT_ACTIVE, "loan " + loanId + "'s lien is "
                    + lien.path("status").asText());
        }
        if (!ledger.mspId().equals(lien.path(partyField).asText())) {
            throw new LoanPaymentRefusedException(Reason.NOT_PARTY, ledger.mspId() + " is not the "
                    + partyField.replace("Org", "") + " of loan " + loanId);
        }
        return lien;
    }

    private static PaymentHash releaseHash(JsonNode lien) {
        return new PaymentHash(lien.path("paymentHash").asText());
    }

    private LightningNode node() {
        LightningNode node = lightning.getIfAvailable();
        if (node == null) {
            throw new LoanPaymentRefusedException(Reason.NO_LIGHTNING_NODE,
                    "no Lightning node is configured (gateway.lightning.host): this gateway moves no money");
        }
        return node;
    }

    private CollateralLedger ledger() {
        return Loans.required(ledger);
    }
}
