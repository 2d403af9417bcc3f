package dev.robotledger.gateway.collateral.pricefeed;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.robotledger.gateway.collateral.BtcPrice;
import dev.robotledger.gateway.collateral.CollateralLedger;
import dev.robotledger.gateway.ledger.LedgerUnreachableException;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.lang.reflect.Proxy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PriceFeedTest {

    @TempDir
    Path dir;

    /** The ledger edge: records the event ids sent, or fails while {@code down}. */
    private final List<String> sent = new ArrayList<>();

    private boolean down;
    private final CollateralLedger ledger = (CollateralLedger) Proxy.newProxyInstance(
            getClass().getClassLoader(), new Class<?>[] {CollateralLedger.class}, (proxy, method, args) -> {
                if (!method.getName().equals("recordBtcPrice")) {
                    throw new UnsupportedOperationException(method.getName());
                }
                if (down) {
                    throw new LedgerUnreachableException("peer down");
                }
                synchronized (sent) {
                    sent.add((String) args[0]);
                    return new CollateralLedger.Written("tx-" + sent.size(), sent.size(), null);
                }
            });

    private static PriceFeedProperties properties() {
        return new PriceFeedProperties(
                true,
                "file",
                java.time.Duration.ofSeconds(1),
                "USD",
                1,
                0,
                1,
                Path.of("prices.txt"),
                java.time.Duration.ofSeconds(1),
                java.time.Duration.ofSeconds(4));
    }

    @Test
    void recordsEachObservationOnceAndBacksOffWhileTheLedgerIsDown() throws IOException {
        Path file =
                Files.writeString(dir.resolve("prices.txt"), "# prices\n1767225600000 USD 6543210 exchange-x spot\n");
        MutableClock clock = new MutableClock();
        PriceFeed feed =
                new PriceFeed(new FilePriceSource(file), ledger, properties(), clock, new SimpleMeterRegistry());

        feed.round();
        feed.round();
        assertThat(sent).containsExactly("price-file-USD-1767225600000");

        Files.writeString(file, "1767225660000 USD 6600000\n", java.nio.file.StandardOpenOption.APPEND);
        down = true;
        feed.round();
        down = false;
        feed.round();
        assertThat(sent).as("paused for retry-initial").hasSize(1);
        clock.now = clock.now.plusSeconds(1);
        feed.round();
        assertThat(sent).containsExactly("price-file-USD-1767225600000", "price-file-USD-1767225660000");
    }

    @Test
    void recordsThePriceAtStartNotOneIntervalLater() throws Exception {
        Path file = Files.writeString(dir.resolve("prices.txt"), "1767225600000 USD 6543210\n");
        PriceFeedProperties hourly = new PriceFeedProperties(
                true,
                "file",
                java.time.Duration.ofHours(1),
                "USD",
                1,
                0,
                1,
                Path.of("prices.txt"),
                java.time.Duration.ofSeconds(1),
                java.time.Duration.ofSeconds(4));
        PriceFeed feed =
                new PriceFeed(new FilePriceSource(file), ledger, hourly, Clock.systemUTC(), new SimpleMeterRegistry());
        feed.start();
        try {
            long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(10);
            while (sentCount() == 0 && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
        } finally {
            feed.stop();
        }
        assertThat(sentCount())
                .as("prices recorded in the first seconds of an hourly feed")
                .isEqualTo(1);
    }

    private int sentCount() {
        synchronized (sent) {
            return sent.size();
        }
    }

    @Test
    void readsThePriceFileAndNamesABadLine() throws IOException {
        Path file = Files.writeString(dir.resolve("p.txt"), "1767225600000 EUR 5900000\n\n");
        BtcPrice price = new FilePriceSource(file).latest().orElseThrow();
        assertThat(price.priceId()).isEqualTo("file-EUR-1767225600000");
        assertThat(price.source()).isEqualTo("price file p.txt");

        Files.writeString(file, "yesterday EUR lots\n");
        assertThatThrownBy(() -> new FilePriceSource(file).latest())
                .isInstanceOf(IOException.class)
                .hasMessageContaining("line 1 'yesterday EUR lots'");
    }

    @Test
    void walksWithinTheStepFromTheStart() {
        RandomWalkPriceSource walk = new RandomWalkPriceSource("USD", 6_500_000, 50, 7, Clock.systemUTC());
        long price = walk.latest().orElseThrow().minorUnitsPerBtc();
        assertThat(price).isBetween(6_500_000L - 32_500, 6_500_000L + 32_500);
        assertThat(walk.latest()).map(BtcPrice::source).contains(RandomWalkPriceSource.SOURCE);
    }

    private static final class MutableClock extends Clock {
        Instant now = Instant.parse("2026-12-01T00:00:00Z");

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
