package dev.robotledger.gateway.collateral.pricefeed;

import dev.robotledger.gateway.collateral.CollateralLedger;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The price feed, on with {@code gateway.price-feed.enabled=true}. It records prices as the
 * gateway's org, and the chaincode takes them from the oracle org only, so the start fails unless
 * a peer is configured and {@code gateway.ledger.msp-id} is {@value #ORACLE_MSP}.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(prefix = "gateway.price-feed", name = "enabled", havingValue = "true")
class PriceFeedConfiguration {

    static final String ORACLE_MSP = "OracleMSP";

    @Bean(initMethod = "start", destroyMethod = "stop")
    PriceFeed priceFeed(
            PriceFeedProperties properties,
            ObjectProvider<CollateralLedger> ledger,
            ObjectProvider<BtcPriceSource> customSource,
            MeterRegistry meters) {
        CollateralLedger collateral = ledger.getIfAvailable();
        if (collateral == null) {
            throw new IllegalStateException("gateway.price-feed.enabled needs gateway.ledger.peer-endpoint: prices are"
                    + " recorded on the ledger");
        }
        if (!ORACLE_MSP.equals(collateral.mspId())) {
            throw new IllegalStateException("gateway.price-feed.enabled needs gateway.ledger.msp-id=" + ORACLE_MSP
                    + " (the chaincode records prices from the oracle org only), was " + collateral.mspId());
        }
        BtcPriceSource source = customSource.getIfAvailable(() -> "file".equals(properties.source())
                ? new FilePriceSource(properties.file())
                : new RandomWalkPriceSource(
                        properties.currency(),
                        properties.startMinorUnitsPerBtc(),
                        properties.stepBps(),
                        properties.seed(),
                        Clock.systemUTC()));
        return new PriceFeed(source, collateral, properties, Clock.systemUTC(), meters);
    }
}
