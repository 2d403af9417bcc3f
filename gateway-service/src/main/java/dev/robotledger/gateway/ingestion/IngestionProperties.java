package dev.robotledger.gateway.ingestion;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Verification and group-commit limits.
 *
 * @param maxPayloadBytes     larger messages are refused as OVERSIZED before parsing
 * @param commitBatchSize     most messages journaled in one PostgreSQL transaction
 */
@ConfigurationProperties("gateway.ingestion")
public record IngestionProperties(
        @DefaultValue("262144") int maxPayloadBytes,
        @DefaultValue("500") int commitBatchSize) {

    public IngestionProperties {
        if (maxPayloadBytes < 1) {
            throw new IllegalArgumentException("gateway.ingestion.max-payload-bytes must be positive, was " + maxPayloadBytes);
        }
        if (commitBatchSize < 1) {
            throw new IllegalArgumentException("gateway.ingestion.commit-batch-size must be positive, was " + commitBatchSize);
        }
    }
}
