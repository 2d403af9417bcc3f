package dev.robotledger.gateway.ingestion;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Verification and group-commit limits.
 *
 * @param maxPayloadBytes     larger messages are refused as OVERSIZED before parsing
 * @param commitBatchSize     most messages journaled in one PostgreSQL transaction
 * @param maxFutureSkew       how far ahead of its arrival an envelope's or a reading's timestamp may
 *                            be: the robot's clock may run this much fast
 * @param maxMessageAge       how long before its arrival an envelope may have been signed: a robot
 *                            cut off from the broker for up to this long can still flush its backlog
 * @param maxSequenceJump     how far past the last accepted number (or past 0, for a robot's first
 *                            envelope) a sequence number may jump; larger jumps are refused as
 *                            SEQUENCE_JUMP, since one accepted huge number would make every later
 *                            message of the robot out of order. An agent restarted after a crash
 *                            skips at most one reserved block (1,000), far below the default.
 */
@ConfigurationProperties("gateway.ingestion")
public record IngestionProperties(
        @DefaultValue("262144") int maxPayloadBytes,
        @DefaultValue("500") int commitBatchSize,
        @DefaultValue("5m") Duration maxFutureSkew,
        @DefaultValue("30d") Duration maxMessageAge,
        @DefaultValue("1000000") long maxSequenceJump) {

    public IngestionProperties {
        if (maxPayloadBytes < 1) {
            throw new IllegalArgumentException(
                    "gateway.ingestion.max-payload-bytes must be positive, was " + maxPayloadBytes);
        }
        if (commitBatchSize < 1) {
            throw new IllegalArgumentException(
                    "gateway.ingestion.commit-batch-size must be positive, was " + commitBatchSize);
        }
        if (maxFutureSkew == null || maxFutureSkew.isNegative()) {
            throw new IllegalArgumentException(
                    "gateway.ingestion.max-future-skew must be zero or more, was " + maxFutureSkew);
        }
        if (maxMessageAge == null || maxMessageAge.isNegative() || maxMessageAge.isZero()) {
            throw new IllegalArgumentException(
                    "gateway.ingestion.max-message-age must be positive, was " + maxMessageAge);
        }
        if (maxSequenceJump < 1) {
            throw new IllegalArgumentException(
                    "gateway.ingestion.max-sequence-jump must be positive, was " + maxSequenceJump);
        }
    }
}
