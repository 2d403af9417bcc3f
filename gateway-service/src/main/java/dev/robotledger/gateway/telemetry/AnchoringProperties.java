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
 * @param ledgerChannel the Fabric channel anchors are submitted to, named in inclusion proofs
 * @param chaincode     the chaincode that records anchors, named in inclusion proofs
 */
@ConfigurationProperties("gateway.anchoring")
public record AnchoringProperties(
        @DefaultValue("10000") int maxReadings,
        @DefaultValue("5s") Duration maxAge,
        @DefaultValue("200ms") Duration pollInterval,
        @DefaultValue("robotledger") String ledgerChannel,
        @DefaultValue("provenance") String chaincode) {

    public AnchoringProperties {
        if (maxReadings < 1) {
            throw new IllegalArgumentException("gateway.anchoring.max-readings must be positive, was " + maxReadings);
        }
        if (maxAge.isNegative() || pollInterval.isNegative() || pollInterval.isZero()) {
            throw new IllegalArgumentException("gateway.anchoring.max-age and poll-interval must be positive");
        }
        if (ledgerChannel.isBlank() || chaincode.isBlank()) {
            throw new IllegalArgumentException("gateway.anchoring.ledger-channel and chaincode must not be blank");
        }
    }
}
