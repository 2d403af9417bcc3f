package dev.robotledger.gateway.live;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The operators' live event stream ({@code GET /api/events}).
 *
 * @param snapshotInterval      how often an ingestion snapshot is sent (and the journal is asked
 *                              for new dead letters)
 * @param clientBuffer          events kept per client that reads slower than they come; beyond it
 *                              the oldest are dropped
 * @param rejectionsPerSnapshot rejection events sent per interval at most; more rejections than
 *                              that are only counted in the snapshot
 */
@ConfigurationProperties("gateway.live")
public record LiveProperties(
        @DefaultValue("1s") Duration snapshotInterval,
        @DefaultValue("256") int clientBuffer,
        @DefaultValue("100") int rejectionsPerSnapshot) {

    public LiveProperties {
        if (snapshotInterval.isNegative() || snapshotInterval.toMillis() < 10) {
            throw new IllegalArgumentException(
                    "gateway.live.snapshot-interval must be at least 10ms, was " + snapshotInterval);
        }
        if (clientBuffer < 1 || rejectionsPerSnapshot < 1) {
            throw new IllegalArgumentException("gateway.live.client-buffer and rejections-per-snapshot must be"
                    + " positive, were " + clientBuffer + " and " + rejectionsPerSnapshot);
        }
    }
}
