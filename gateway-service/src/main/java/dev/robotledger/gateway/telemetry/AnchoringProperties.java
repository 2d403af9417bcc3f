package dev.robotledger.gateway.telemetry;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * When journaled telemetry windows are sealed into an anchor batch: as soon as
 * {@code maxReadings} readings are pending, or when the oldest pending window is
 * {@code maxAge} old.
 *
 * @param maxReadings  {@code gateway.anchoring.max-readings}
 * @param maxAge       {@code gateway.anchoring.max-age}
 * @param pollInterval how often the batcher looks at the backlog
 */
@ConfigurationProperties("gateway.anchoring")
public record AnchoringProperties(
        @DefaultValue("10000") int maxReadings,
        @DefaultValue("5s") Duration maxAge,
        @DefaultValue("200ms") Duration pollInterval) {

    public AnchoringProperties {
        if (maxReadings < 1) {
            throw new IllegalArgumentException("gateway.anchoring.max-readings must be positive, was " + maxReadings);
        }
        if (maxAge.isNegative() || pollInterval.isNegative() || pollInterval.isZero()) {
            throw new IllegalArgumentException("gateway.anchoring.max-age and poll-interval must be positive");
        }
    }
}
