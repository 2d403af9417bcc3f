package dev.robotledger.gateway.telemetry;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * When journaled telemetry windows are sealed into an anchor batch: as soon as
 * {@code maxReadings} readings are pending, or when the oldest pending window is
 * {@code maxAge} old; and how the batcher backs off while the ledger does not take anchors.
 * The channel and chaincode anchors go to are the ledger adapter's ({@code gateway.ledger.*}).
 *
 * @param maxReadings        {@code gateway.anchoring.max-readings}
 * @param maxAge             {@code gateway.anchoring.max-age}
 * @param pollInterval       how often the batcher looks at the backlog
 * @param submitRetryInitial the pause after a first failed submission
 * @param submitRetryMax     the longest pause: each further failure doubles it up to this
 * @param maxInFlight        {@code gateway.anchoring.max-in-flight}: how many anchor transactions may be on
 *                           their way to the ledger at once (a thread each while in flight)
 */
@ConfigurationProperties("gateway.anchoring")
public record AnchoringProperties(
        @DefaultValue("10000") int maxReadings,
        @DefaultValue("5s") Duration maxAge,
        @DefaultValue("200ms") Duration pollInterval,
        @DefaultValue("500ms") Duration submitRetryInitial,
        @DefaultValue("30s") Duration submitRetryMax,
        @DefaultValue("16") int maxInFlight) {

    public AnchoringProperties {
        if (maxReadings < 1) {
            throw new IllegalArgumentException("gateway.anchoring.max-readings must be positive, was " + maxReadings);
        }
        if (maxAge.isNegative() || pollInterval.isNegative() || pollInterval.isZero()) {
            throw new IllegalArgumentException("gateway.anchoring.max-age and poll-interval must be positive");
        }
        if (submitRetryInitial.isNegative()
                || submitRetryInitial.isZero()
                || submitRetryMax.compareTo(submitRetryInitial) < 0) {
            throw new IllegalArgumentException("gateway.anchoring.submit-retry-initial must be positive and at most"
                    + " submit-retry-max, got " + submitRetryInitial + " and " + submitRetryMax);
        }
        if (maxInFlight < 1 || maxInFlight > 500) {
            throw new IllegalArgumentException("gateway.anchoring.max-in-flight must be 1..500, was " + maxInFlight);
        }
    }
}
