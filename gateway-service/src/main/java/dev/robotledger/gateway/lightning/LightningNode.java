package dev.robotledger.gateway.lightning;

import java.time.Duration;
import java.util.Optional;

/**
 * The calls a loan makes on its party's own Lightning node. Every call blocks until the node
 * answers; {@link #pay} until the payment succeeded or failed, which for a hold invoice is when
 * the payee settles or cancels it. In WebFlux code, run them off the event loop.
 *
 * <pre>{@code
 * Preimage secret = Preimage.random();
 * NewInvoice invoice = lender.addHoldInvoice(secret.hash(), 105_000, "repay loan-1", Duration.ofHours(1));
 * // the borrower's node: Payment paid = borrower.pay(invoice.paymentRequest());
 * // the lender's node, once lookupInvoice(hash) is ACCEPTED for the right amount: lender.settleInvoice(secret);
 * }</pre>
 *
 * Failures are {@link LightningException}s.
 */
public interface LightningNode {

    NodeInfo info();

    /** An invoice whose preimage the node makes and reveals as soon as it is paid. */
    NewInvoice addInvoice(long amountSat, String memo, Duration expiry);

    /**
     * A hold invoice for a hash whose preimage the caller keeps: a payment is locked in
     * ({@link InvoiceState#ACCEPTED}) until {@link #settleInvoice} or {@link #cancelInvoice}.
     */
    NewInvoice addHoldInvoice(PaymentHash hash, long amountSat, String memo, Duration expiry);

    /** The invoice with that hash; {@link LightningException#isNotFound()} when the node has none. */
    Invoice lookupInvoice(PaymentHash hash);

    /** Settles an accepted hold invoice with its preimage; the payer then holds the preimage too. */
    void settleInvoice(Preimage preimage);

    /** Cancels an open or accepted invoice; a locked-in payment returns to the payer. */
    void cancelInvoice(PaymentHash hash);

    /**
     * Pays a request and waits for the outcome; a failed payment is {@link LightningException.Failure#PAYMENT_FAILED}.
     * A request this node has paid (or is paying) already is not paid again: the answer is that payment's outcome.
     */
    Payment pay(String paymentRequest);

    /**
     * This node's payment on {@code hash}, once it succeeded; empty when it never paid that hash or
     * the payment failed. A payment still in flight is waited for, as {@link #pay} waits.
     */
    Optional<Payment> payment(PaymentHash hash);

    /**
     * A secret only this node can make, the same every time for the same {@code purpose}: its wallet
     * key signs the purpose (deterministic signatures, RFC 6979) and the signature is hashed.
     */
    Preimage secret(String purpose);

    PaymentRequest decode(String paymentRequest);

    ChannelBalance channelBalance();
}
