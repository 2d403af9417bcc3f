package dev.robotledger.gateway.collateral.pricefeed;

import dev.robotledger.gateway.collateral.BtcPrice;
import java.io.IOException;
import java.util.Optional;

/**
 * Where the oracle's price feed gets the price of a bitcoin. To use a real market source, declare
 * a Spring bean of this type (e.g. one that asks an exchange's API); it replaces the built-in
 * ones ({@code gateway.price-feed.source}).
 *
 * <p>The price id names one observation: the same observation must get the same id every time it
 * is returned (the ledger records an id once, so a repeat is harmless), another observation a
 * new one, e.g. {@code <source>-<currency>-<observedAtEpochMillis>}.
 */
@FunctionalInterface
public interface BtcPriceSource {

    /**
     * The latest observation, or empty when there is none yet.
     *
     * @throws IOException when the source cannot be read now; the feed backs off and asks again
     */
    Optional<BtcPrice> latest() throws IOException;
}
