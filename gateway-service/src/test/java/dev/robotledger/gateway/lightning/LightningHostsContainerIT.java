package dev.robotledger.gateway.lightning;

import static org.assertj.core.api.Assertions.assertThat;

import dev.robotledger.gateway.testing.LightningPair;
import dev.robotledger.gateway.testing.containers.ContainerTest;
import dev.robotledger.gateway.testing.containers.NodeHost;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The Lightning pair as a deployment has it: btcd, the lender's lnd and the borrower's lnd each on
 * a host of its own (a container at its own address on a Podman network), the gateway's client
 * reaching each node over the network. A payment crosses between the hosts, and a payment made
 * while the payee's host is cut off from the network is paid exactly once when the host is back.
 */
@ContainerTest
class LightningHostsContainerIT {

    private static final Duration HOUR = Duration.ofHours(1);
    private static final Duration CUT_OFF = Duration.ofSeconds(15);

    private static LightningPair pair;
    private static LightningNode lender;
    private static LightningNode borrower;

    @BeforeAll
    static void upOnContainerHosts() {
        pair = LightningPair.onContainerHosts();
        lender = pair.node("lender");
        borrower = pair.node("borrower");
        System.out.printf(
                "[lightning] on container hosts, up from nothing to an active channel: %d ms%n",
                pair.startup().toMillis());
    }

    @AfterAll
    static void down() {
        if (pair != null) {
            pair.close();
        }
    }

    @Test
    void eachNodeRunsOnAHostOfItsOwnAndAPaymentCrossesBetweenThem() {
        List<NodeHost> hosts =
                List.of(NodeHost.of(pair, "btcd"), NodeHost.of(pair, "lender"), NodeHost.of(pair, "borrower"));
        assertThat(hosts).extracting(NodeHost::address).doesNotHaveDuplicates().noneMatch(a -> a.startsWith("127."));
        assertThat(hosts).extracting(NodeHost::containerId).doesNotHaveDuplicates();
        assertThat(pair.gatewayProperties("lender"))
                .contains("gateway.lightning.host=" + hosts.get(1).address());

        NewInvoice invoice = borrower.addInvoice(10_000, "principal across hosts", HOUR);
        Payment payment = lender.pay(invoice.paymentRequest());

        assertThat(payment.preimage().hash()).isEqualTo(invoice.hash());
        Invoice paid = borrower.lookupInvoice(invoice.hash());
        assertThat(paid.state()).isEqualTo(InvoiceState.SETTLED);
        assertThat(paid.amountPaidSat()).isEqualTo(10_000);
    }

    @Test
    void aPaymentMadeWhileThePayeesHostIsCutOffIsPaidExactlyOnceWhenTheHostIsBack() throws Exception {
        NodeHost borrowerHost = NodeHost.of(pair, "borrower");
        NewInvoice invoice = borrower.addInvoice(25_000, "principal while cut off", HOUR);
        long lenderBefore = lender.channelBalance().localSat();

        long started = System.nanoTime();
        CompletableFuture<Payment> attempt;
        borrowerHost.cutOff();
        try {
            attempt = CompletableFuture.supplyAsync(() -> lender.pay(invoice.paymentRequest()));
            // The cable stays out for a while, whatever the payment does meanwhile.
            TimeUnit.MILLISECONDS.sleep(CUT_OFF.toMillis());
        } finally {
            borrowerHost.reconnect();
        }

        // Either the payment waited for the host and went through, or the lender's node gave it up
        // (nothing moved) and the lender pays the same invoice again once the channel is back.
        Payment paid;
        String path;
        try {
            paid = attempt.get(3, TimeUnit.MINUTES);
            path = "the payment in flight went through when the host was back";
        } catch (ExecutionException failed) {
            assertThat(failed.getCause()).isInstanceOf(LightningException.class);
            assertThat(((LightningException) failed.getCause()).failure())
                    .isEqualTo(LightningException.Failure.PAYMENT_FAILED);
            assertThat(borrower.lookupInvoice(invoice.hash()).amountPaidSat()).isZero();
            pair.awaitChannelReady();
            paid = lender.pay(invoice.paymentRequest());
            path = "the payment failed while cut off (" + failed.getCause().getMessage() + "), paid again after";
        }
        System.out.printf(
                "[lightning] payee's host cut off for %d s: %s, %d ms from the attempt%n",
                CUT_OFF.toSeconds(), path, (System.nanoTime() - started) / 1_000_000);

        Invoice settled = borrower.lookupInvoice(invoice.hash());
        assertThat(settled.state()).isEqualTo(InvoiceState.SETTLED);
        assertThat(settled.amountPaidSat()).isEqualTo(25_000);
        long lenderAfter = lender.channelBalance().localSat();
        assertThat(lenderAfter).isEqualTo(lenderBefore - 25_000 - paid.feeSat());

        Payment again = lender.pay(invoice.paymentRequest());
        assertThat(again.succeededAt()).isEqualTo(paid.succeededAt());
        assertThat(lender.channelBalance().localSat()).isEqualTo(lenderAfter);
        assertThat(borrower.lookupInvoice(invoice.hash()).amountPaidSat()).isEqualTo(25_000);
    }
}
