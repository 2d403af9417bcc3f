package dev.robotledger.gateway.production;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How the production-event submitter polls the journal and backs off while the ledger does not
 * take events. The channel and chaincode are the ledger adapter's ({@code gateway.ledger.*}).
 *
 * @param pollInterval       how often it looks for pending events
 * @param submitRetryInitial the pause after a first failed submission
 * @param submitRetryMax     the longest pause: each further failure doubles it up to this
 */
@ConfigurationProperties("gateway.production")
public record ProductionProperties(
        @DefaultValue("200ms") Duration pollInterval,
        @DefaultValue("500ms") Duration submitRetryInitial,
        @DefaultValue("30s") Duration submitRetryMax) {

    public ProductionProperties {
        if (pollInterval.isNegative() || pollInterval.isZero()) {
            throw new IllegalArgumentException("gateway.production.poll-interval must be positive, was " + pollInterval);
        }
        if (submitRetryInitial.isNegative() || submitRetryInitial.isZero()
                || submitRetryMax.compareTo(submitRetryInitial) < 0) {
            throw new IllegalArgumentException("gateway.production.submit-retry-initial must be positive and at most"
                    + " submit-retry-max, got " + submitRetryInitial + " and " + submitRetryMax);
        }
    }
}
