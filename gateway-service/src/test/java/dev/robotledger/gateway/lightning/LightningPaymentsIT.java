package dev.robotledger.gateway.lightning;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.robotledger.gateway.lightning.HoldInvoiceSettlement.Outcome;
import dev.robotledger.gateway.lightning.LightningException.Failure;
import dev.robotledger.gateway.testing.Await;
import dev.robotledger.gateway.testing.LightningPair;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The lnd calls a loan makes, against real nodes: the lender's and the borrower's lnd on a regtest
 * btcd, one channel between them. Disbursement is the lender paying the borrower's invoice;
 * repayment is the borrower paying the lender's hold invoice, which the lender settles with the
 * preimage it chose.
 */
@ExtendWith(LightningPair.Tier.class)
class LightningPaymentsIT {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final Duration HOUR = Duration.ofHours(1);

    private static LightningPair pair;
    private static LightningNode lender;
    private static LightningNode borrower;
    private static ExecutorService payments;

    @BeforeAll
    static void nodes(LightningPair started) {
        pair = started;
        lender = pair.node("lender");
        borrower = pair.node("borrower");
        payments = Executors.newCachedThreadPool();
        System.out.printf(
                "[lightning] up from nothing to an active channel: %d ms%n",
                pair.startup().toMillis());
    }

    @AfterAll
    static void memory() throws InterruptedException {
        payments.shutdownNow();
        payments.awaitTermination(10, TimeUnit.SECONDS);
        System.out.printf(
                "[lightning] RSS: btcd %d MiB, lender lnd %d MiB, borrower lnd %d MiB%n",
                pair.residentMib("btcd"), pair.residentMib("lender"), pair.residentMib("borrower"));
    }

    @Test
    void paidInvoiceGivesThePayerThePreimageOfItsHash() {
        NewInvoice invoice = borrower.addInvoice(25_000, "principal of loan-1", HOUR);
        PaymentRequest request = lender.decode(invoice.paymentRequest());
        assertThat(request.hash()).isEqualTo(invoice.hash());
        assertThat(request.amountSat()).isEqualTo(25_000);
        assertThat(request.destination()).isEqualTo(borrower.info().pubkey());

        long started = System.nanoTime();
        Payment payment = lender.pay(invoice.paymentRequest());
        System.out.printf("[lightning] payment: %d ms%n", (System.nanoTime() - started) / 1_000_000);

        assertThat(payment.preimage().hash()).isEqualTo(invoice.hash());
        assertThat(payment.amountSat()).isEqualTo(25_000);
        Invoice paid = borrower.lookupInvoice(invoice.hash());
        assertThat(paid.state()).isEqualTo(InvoiceState.SETTLED);
        assertThat(paid.amountPaidSat()).isEqualTo(25_000);
        assertThat(paid.preimage()).contains(payment.preimage());
    }

    @Test
    void payingAPaidInvoiceAgainReturnsTheFirstPaymentAndMovesNothing() {
        // The borrower did not open the channel, so no commitment fee moves its side: it counts exactly.
        long before = borrower.channelBalance().localSat();
        NewInvoice invoice = borrower.addInvoice(3_000, "paid once, asked twice", HOUR);
        Payment first = lender.pay(invoice.paymentRequest());

        Payment again = lender.pay(invoice.paymentRequest());

        assertThat(again).isEqualTo(first);
        assertThat(borrower.lookupInvoice(invoice.hash()).amountPaidSat()).isEqualTo(3_000);
        Await.until(
                "the borrower's side up by one payment",
                WAIT,
                () -> borrower.channelBalance().localSat() == before + 3_000,
                () -> borrower.channelBalance());
    }

    @Test
    void holdInvoiceIsAcceptedWhenPaidAndSettledWithItsPreimage() throws Exception {
        long started = System.nanoTime();
        LockedIn hold = lockedInHoldInvoice(26_250, "repayment of loan-1");
        Preimage secret = hold.secret();
        assertThat(hold.accepted().amountPaidSat()).isEqualTo(26_250);
        assertThat(hold.accepted().preimage()).isEmpty();
        assertThat(hold.paying()).isNotDone();

        HoldInvoiceSettlement.Result settled = new HoldInvoiceSettlement(lender).settle(secret, 26_250);
        Payment payment = hold.paying().get(WAIT.toSeconds(), TimeUnit.SECONDS);
        System.out.printf(
                "[lightning] hold invoice, issued to settled and the payer holding the preimage: %d ms%n",
                (System.nanoTime() - started) / 1_000_000);

        assertThat(settled.outcome()).isEqualTo(Outcome.SETTLED);
        assertThat(settled.invoice().state()).isEqualTo(InvoiceState.SETTLED);
        assertThat(payment.preimage()).isEqualTo(secret);
        assertThat(new HoldInvoiceSettlement(lender).settle(secret, 26_250).outcome())
                .isEqualTo(Outcome.ALREADY_SETTLED);
    }

    @Test
    void holdInvoicePaidWithAnotherAmountThanOwedIsNotSettled() throws Exception {
        LockedIn hold = lockedInHoldInvoice(20_000, "repayment of loan-2");

        HoldInvoiceSettlement.Result refused = new HoldInvoiceSettlement(lender).settle(hold.secret(), 21_000);

        assertThat(refused.outcome()).isEqualTo(Outcome.WRONG_AMOUNT);
        assertThat(refused.invoice().amountPaidSat()).isEqualTo(20_000);
        assertThat(lender.lookupInvoice(hold.invoice().hash()).state()).isEqualTo(InvoiceState.ACCEPTED);
        assertThat(hold.paying()).isNotDone();
        lender.cancelInvoice(hold.invoice().hash());
        assertThatThrownBy(() -> hold.paying().get(WAIT.toSeconds(), TimeUnit.SECONDS))
                .isInstanceOf(ExecutionException.class)
                .cause()
                .isInstanceOf(LightningException.class)
                .extracting(e -> ((LightningException) e).failure())
                .isEqualTo(Failure.PAYMENT_FAILED);
    }

    @Test
    void expiredInvoiceCannotBePaid() {
        NewInvoice invoice = borrower.addInvoice(1_000, "expires at once", Duration.ofSeconds(1));
        Instant expiresAt = lender.decode(invoice.paymentRequest()).expiresAt();
        Await.until("the invoice to expire", WAIT, () -> Instant.now().isAfter(expiresAt.plusMillis(500)));

        assertThatThrownBy(() -> lender.pay(invoice.paymentRequest()))
                .isInstanceOf(LightningException.class)
                .satisfies(
                        e -> assertThat(((LightningException) e).nodeMessage()).containsIgnoringCase("expired"));
        Invoice unpaid = borrower.lookupInvoice(invoice.hash());
        assertThat(unpaid.state()).isNotEqualTo(InvoiceState.SETTLED);
        assertThat(unpaid.amountPaidSat()).isZero();
    }

    @Test
    void cancelledHoldInvoiceReturnsThePayersFunds() throws Exception {
        long before = borrower.channelBalance().localSat();
        LockedIn hold = lockedInHoldInvoice(30_000, "repayment, then default");
        assertThat(borrower.channelBalance().localSat()).isEqualTo(before - 30_000);

        lender.cancelInvoice(hold.invoice().hash());

        assertThatThrownBy(() -> hold.paying().get(WAIT.toSeconds(), TimeUnit.SECONDS))
                .cause()
                .isInstanceOf(LightningException.class)
                .extracting(e -> ((LightningException) e).nodeMessage())
                .asString()
                .contains("INCORRECT_PAYMENT_DETAILS");
        Await.until(
                "the borrower's funds back on its side",
                WAIT,
                () -> borrower.channelBalance().localSat() == before,
                () -> borrower.channelBalance());
        assertThat(lender.lookupInvoice(hold.invoice().hash()).state()).isEqualTo(InvoiceState.CANCELED);
        assertThat(new HoldInvoiceSettlement(lender)
                        .settle(hold.secret(), 30_000)
                        .outcome())
                .isEqualTo(Outcome.CANCELED);
    }

    @Test
    void acceptedHoldInvoiceSurvivesARestartOfThePayeesNode() throws Exception {
        long before = borrower.channelBalance().localSat();
        LockedIn hold = lockedInHoldInvoice(40_000, "repayment across a restart");

        pair.restart("lender");
        LightningNode restarted = pair.node("lender");

        Invoice kept = restarted.lookupInvoice(hold.invoice().hash());
        assertThat(kept.state()).isEqualTo(InvoiceState.ACCEPTED);
        assertThat(kept.amountPaidSat()).isEqualTo(40_000);
        assertThat(new HoldInvoiceSettlement(restarted)
                        .settle(hold.secret(), 40_000)
                        .outcome())
                .isEqualTo(Outcome.SETTLED);
        assertThat(hold.paying().get(WAIT.toSeconds(), TimeUnit.SECONDS).preimage())
                .isEqualTo(hold.secret());
        Await.until(
                "the repayment to leave the borrower's side",
                WAIT,
                () -> borrower.channelBalance().localSat() == before - 40_000,
                () -> borrower.channelBalance());
    }

    /** A hold invoice of the lender on a fresh secret, paid by the borrower, and the payment that waits for it. */
    private record LockedIn(Preimage secret, NewInvoice invoice, Invoice accepted, CompletableFuture<Payment> paying) {}

    private static LockedIn lockedInHoldInvoice(long amountSat, String memo) {
        Preimage secret = Preimage.random();
        NewInvoice invoice = lender.addHoldInvoice(secret.hash(), amountSat, memo, HOUR);
        CompletableFuture<Payment> paying = payInBackground(borrower, invoice);
        return new LockedIn(secret, invoice, awaitState(lender, invoice.hash(), InvoiceState.ACCEPTED), paying);
    }

    private static CompletableFuture<Payment> payInBackground(LightningNode payer, NewInvoice invoice) {
        return CompletableFuture.supplyAsync(() -> payer.pay(invoice.paymentRequest()), payments);
    }

    private static Invoice awaitState(LightningNode payee, PaymentHash hash, InvoiceState state) {
        Await.until(
                "invoice " + hash.hex() + " " + state,
                WAIT,
                () -> payee.lookupInvoice(hash).state() == state,
                () -> payee.lookupInvoice(hash));
        return payee.lookupInvoice(hash);
    }
}
