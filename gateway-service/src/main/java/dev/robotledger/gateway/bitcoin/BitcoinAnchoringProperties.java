package dev.robotledger.gateway.bitcoin;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Anchoring the channel in Bitcoin, by the operator's gateway: off unless {@code enabled}. It then
 * needs this gateway's lnd node ({@code gateway.lightning.*}), whose wallet pays the fees, and a
 * ledger connection, or start-up fails naming what is missing.
 *
 * @param enabled            {@code gateway.bitcoin-anchoring.enabled}
 * @param everyBlocks        anchor once the channel has grown this many blocks past the block that
 *                           recorded the last anchor
 * @param every              or once this long has passed since the last anchor was recorded, when
 *                           the channel has grown at all
 * @param pollInterval       how often the gateway looks at the channel and at its transaction in flight
 * @param feeRateSatPerVbyte the fee rate of the anchor transaction
 */
@ConfigurationProperties("gateway.bitcoin-anchoring")
public record BitcoinAnchoringProperties(
        @DefaultValue("false") boolean enabled,
        @DefaultValue("100") int everyBlocks,
        @DefaultValue("10m") Duration every,
        @DefaultValue("5s") Duration pollInterval,
        @DefaultValue("2") long feeRateSatPerVbyte) {

    public BitcoinAnchoringProperties {
        if (everyBlocks < 1) {
            throw new IllegalArgumentException(
                    "gateway.bitcoin-anchoring.every-blocks must be >= 1, was " + everyBlocks);
        }
        requirePositive("gateway.bitcoin-anchoring.every", every);
        requirePositive("gateway.bitcoin-anchoring.poll-interval", pollInterval);
        if (feeRateSatPerVbyte < 1) {
            throw new IllegalArgumentException(
                    "gateway.bitcoin-anchoring.fee-rate-sat-per-vbyte must be >= 1, was " + feeRateSatPerVbyte);
        }
    }

    private static void requirePositive(String name, Duration value) {
        if (value == null || value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException(name + " must be positive, was " + value);
        }
    }
}
