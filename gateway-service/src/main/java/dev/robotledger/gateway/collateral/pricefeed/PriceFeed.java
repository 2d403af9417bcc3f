package dev.robotledger.gateway.collateral.pricefeed;

import dev.robotledger.contract.ErrorCode;
import dev.robotledger.gateway.collateral.BtcPrice;
import dev.robotledger.gateway.collateral.CollateralLedger;
import dev.robotledger.gateway.ledger.ChaincodeRefusedException;
import dev.robotledger.gateway.ledger.LedgerException;
import dev.robotledger.gateway.ledger.PollingThread;
import dev.robotledger.gateway.ledger.RetryBackoff;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The oracle's feed: every interval, the source's latest price goes on the ledger with
 * {@code RecordBtcPrice}, under the event id {@code price-<priceId>}, so a price sent again (a
 * retry after a lost answer, a second oracle gateway) is a replay. An observation already
 * recorded is not sent again. When the source or the ledger fails, the feed pauses
 * ({@code retry-initial}, doubled up to {@code retry-max}) and then records the price that is
 * latest by then: a feed records the present, it does not backfill.
 */
public final class PriceFeed {

    private static final Logger log = LoggerFactory.getLogger(PriceFeed.class);

    private final BtcPriceSource source;
    private final CollateralLedger ledger;
    private final RetryBackoff backoff;
    private final Clock clock;
    private final PollingThread thread;
    private final MeterRegistry meters;
    private String lastPriceId;
    private long pausedUntil;

    public PriceFeed(
            BtcPriceSource source,
            CollateralLedger ledger,
            PriceFeedProperties properties,
            Clock clock,
            MeterRegistry meters) {
        this.source = source;
        this.ledger = ledger;
        this.backoff = new RetryBackoff(properties.retryInitial(), properties.retryMax());
        this.clock = clock;
        this.meters = meters;
        this.thread = new PollingThread("btc-price-feed", properties.interval(), this::round);
    }

    /** Starts the feed with a round at once: a lender's check needs a recent price right after start-up. */
    public void start() {
        thread.start();
        thread.wakeUp();
    }

    public void stop() {
        thread.stop();
    }

    /** One round: record the latest price unless paused or already recorded. Never throws. */
    void round() {
        if (clock.millis() < pausedUntil) {
            return;
        }
        try {
            Optional<BtcPrice> latest = source.latest();
            if (latest.isEmpty() || latest.get().priceId().equals(lastPriceId)) {
                return;
            }
            record(latest.get());
            backoff.succeeded();
        } catch (IOException e) {
            pause("SOURCE_UNAVAILABLE", e);
        } catch (LedgerException e) {
            pause("LEDGER_UNAVAILABLE", e);
        } catch (RuntimeException e) {
            pause("UNEXPECTED", e);
        }
    }

    private void record(BtcPrice price) {
        try {
            CollateralLedger.Written written = ledger.recordBtcPrice("price-" + price.priceId(), price);
            log.info(
                    "BTC price {} recorded: {} {} minor units (transaction {}, block {})",
                    price.priceId(),
                    price.minorUnitsPerBtc(),
                    price.currency(),
                    written.transactionId(),
                    written.blockNumber());
            meters.counter("gateway_price_feed_recorded_total").increment();
        } catch (ChaincodeRefusedException e) {
            if (e.code() != ErrorCode.PRICE_ALREADY_RECORDED) {
                // Not curable by sending it again (e.g. observed too far ahead, or this org is not
                // the oracle): skip this observation and go on with the next.
                log.error("the ledger refused BTC price {} ({}): {}", price.priceId(), e.code(), e.getMessage());
                meters.counter("gateway_price_feed_failures_total", "reason", "REFUSED")
                        .increment();
            }
        } catch (LedgerException e) {
            if (e.retryable()) {
                throw e;
            }
            log.error("the ledger refused BTC price {}: {}", price.priceId(), e.getMessage());
            meters.counter("gateway_price_feed_failures_total", "reason", "REFUSED")
                    .increment();
        }
        lastPriceId = price.priceId();
    }

    private void pause(String reason, Exception e) {
        Duration pause = backoff.failed();
        pausedUntil = clock.millis() + pause.toMillis();
        meters.counter("gateway_price_feed_failures_total", "reason", reason).increment();
        log.warn("BTC price feed: {} ({}); next attempt in {}", reason, e.getMessage(), pause);
    }
}
