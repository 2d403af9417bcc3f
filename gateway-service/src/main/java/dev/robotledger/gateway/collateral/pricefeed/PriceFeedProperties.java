package dev.robotledger.gateway.collateral.pricefeed;

import java.nio.file.Path;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The oracle's BTC price feed ({@code gateway.price-feed.*}): on only with {@code enabled=true},
 * in a gateway that runs as the oracle org with a peer.
 *
 * @param source               {@code random-walk} (simulated) or {@code file} (see {@link FilePriceSource});
 *                             a {@link BtcPriceSource} bean replaces either
 * @param interval             how often the latest price is recorded
 * @param currency             the random walk's currency
 * @param startMinorUnitsPerBtc the random walk's first price, in minor units (6500000 = 65,000.00)
 * @param stepBps              the random walk's largest move per interval
 * @param seed                 the random walk's seed
 * @param file                 the price file, required with {@code source=file}
 * @param retryInitial         the first pause after the source or the ledger failed, doubled up to {@code retryMax}
 */
@ConfigurationProperties("gateway.price-feed")
public record PriceFeedProperties(
        @DefaultValue("false") boolean enabled,
        @DefaultValue("random-walk") String source,
        @DefaultValue("1m") Duration interval,
        @DefaultValue("USD") String currency,
        @DefaultValue("6500000") long startMinorUnitsPerBtc,
        @DefaultValue("50") int stepBps,
        @DefaultValue("1") long seed,
        Path file,
        @DefaultValue("1s") Duration retryInitial,
        @DefaultValue("5m") Duration retryMax) {

    public PriceFeedProperties {
        if (enabled) {
            if (!"random-walk".equals(source) && !"file".equals(source)) {
                throw new IllegalArgumentException(
                        "gateway.price-feed.source must be random-walk or file, was '" + source + "'");
            }
            if ("file".equals(source) && file == null) {
                throw new IllegalArgumentException(
                        "gateway.price-feed.file is required with gateway.price-feed.source=file");
            }
            if (interval.isNegative() || interval.isZero()) {
                throw new IllegalArgumentException("gateway.price-feed.interval must be positive, was " + interval);
            }
            if (currency == null || !currency.matches("[A-Z]{3}")) {
                throw new IllegalArgumentException(
                        "gateway.price-feed.currency must be three upper-case letters, was '" + currency + "'");
            }
            if (startMinorUnitsPerBtc <= 0 || stepBps < 0 || stepBps > 5_000) {
                throw new IllegalArgumentException("gateway.price-feed.start-minor-units-per-btc must be positive and"
                        + " step-bps in [0, 5000], were " + startMinorUnitsPerBtc + " and " + stepBps);
            }
            if (retryInitial.isNegative() || retryInitial.isZero() || retryMax.compareTo(retryInitial) < 0) {
                throw new IllegalArgumentException("gateway.price-feed.retry-initial must be positive and at most"
                        + " retry-max, were " + retryInitial + " and " + retryMax);
            }
        }
    }
}
