package dev.robotledger.gateway.readmodel;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * The read model's settings ({@code gateway.read-model.*}). It follows the channel and chaincode of
 * {@code gateway.ledger.*} when a peer is configured.
 *
 * @param retryInitial   first wait before resuming a failed block stream, doubled up to {@code retryMax}
 * @param treeCacheBytes provenance trees kept until a block changes them (0: none)
 */
@ConfigurationProperties("gateway.read-model")
public record ReadModelProperties(
        @DefaultValue("500ms") Duration retryInitial,
        @DefaultValue("30s") Duration retryMax,
        @DefaultValue("64MB") DataSize treeCacheBytes) {

    public ReadModelProperties {
        if (retryInitial.isNegative() || retryInitial.isZero() || retryMax.compareTo(retryInitial) < 0) {
            throw new IllegalArgumentException("gateway.read-model.retry-initial must be positive and at most"
                    + " gateway.read-model.retry-max, were " + retryInitial + " and " + retryMax);
        }
    }
}
