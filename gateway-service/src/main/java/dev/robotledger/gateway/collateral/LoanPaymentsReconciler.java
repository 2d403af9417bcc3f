package dev.robotledger.gateway.collateral;

import dev.robotledger.gateway.lightning.LightningNode;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Runs {@link LoanPayments#reconcile} every {@code gateway.lightning.reconcile-interval} on a
 * gateway that has both a ledger and a Lightning node: the lender's gateway settles a repayment
 * once its payment is locked in, and after a restart either party's picks up where it stopped.
 */
@Component
class LoanPaymentsReconciler implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(LoanPaymentsReconciler.class);

    private final LoanPayments payments;
    private final boolean enabled;
    private final Duration interval;
    private ScheduledExecutorService scheduler;

    LoanPaymentsReconciler(
            LoanPayments payments,
            ObjectProvider<CollateralLedger> ledger,
            ObjectProvider<LightningNode> lightning,
            @Value("${gateway.lightning.reconcile-interval:2s}") Duration interval) {
        this.payments = payments;
        this.enabled = ledger.getIfAvailable() != null && lightning.getIfAvailable() != null;
        this.interval = interval;
    }

    @Override
    public synchronized void start() {
        if (!enabled) {
            return;
        }
        scheduler = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, "loan-payments");
            thread.setDaemon(true);
            return thread;
        });
        scheduler.scheduleWithFixedDelay(this::reconcile, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void reconcile() {
        try {
            int acted = payments.reconcile();
            if (acted > 0) {
                log.info("loan payments: acted on {} loan(s) from what the ledger and the Lightning node say", acted);
            }
        } catch (RuntimeException e) {
            // The ledger or the node is away: the next round tries again.
            log.warn("loan payments: reconciling failed, trying again in {}: {}", interval, e.getMessage());
        }
    }

    @Override
    public synchronized void stop() {
        if (scheduler != null) {
            scheduler.shutdownNow();
            scheduler = null;
        }
    }

    @Override
    public synchronized boolean isRunning() {
        return scheduler != null;
    }
}
