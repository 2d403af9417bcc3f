package dev.robotledger.gateway.collateral.pricefeed;

import dev.robotledger.gateway.collateral.BtcPrice;
import java.time.Clock;
import java.util.Optional;
import java.util.Random;

/**
 * A simulated price: each call moves the last price by a uniformly random step of at most
 * {@code stepBps} basis points. For demonstrations and tests; its source text says it is not a
 * market price.
 */
public final class RandomWalkPriceSource implements BtcPriceSource {

    static final String SOURCE = "simulated random walk (not a market price)";

    private final String currency;
    private final int stepBps;
    private final Random random;
    private final Clock clock;
    private long minorUnitsPerBtc;

    public RandomWalkPriceSource(String currency, long startMinorUnitsPerBtc, int stepBps, long seed, Clock clock) {
        this.currency = currency;
        this.minorUnitsPerBtc = startMinorUnitsPerBtc;
        this.stepBps = stepBps;
        this.random = new Random(seed);
        this.clock = clock;
    }

    @Override
    public synchronized Optional<BtcPrice> latest() {
        long step = stepBps == 0 ? 0 : random.nextLong(-stepBps, stepBps + 1L);
        minorUnitsPerBtc = Math.max(1, Math.addExact(minorUnitsPerBtc, minorUnitsPerBtc * step / 10_000));
        long now = clock.millis();
        return Optional.of(
                new BtcPrice("random-walk-" + currency + "-" + now, currency, minorUnitsPerBtc, SOURCE, now));
    }
}
