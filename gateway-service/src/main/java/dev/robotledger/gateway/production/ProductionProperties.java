package dev.robotledger.gateway.production;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How the production-event submitter polls the journal, how many events it has on their way to
 * the ledger at once, and how it backs off while the ledger does not take them. The channel and chaincode are the ledger adapter's ({@code gateway.ledger.*}).
 *
 * @param pollInterval       how often it looks for pending events
 * @param submitRetryInitial the pause after a first failed submission
 * @param submitRetryMax     the longest pause: each further failure doubles it up to this
 * @param maxInFlight        how many events may be on their way to the ledger at once (endorsed,
 *                           ordered, waiting for their commit): independent events share blocks.
 *                           Each takes a thread while in flight; a peer's gateway serves 500
 *                           concurrent requests by default
 */
@ConfigurationProperties("gateway.production")
public record ProductionProperties(
        @DefaultValue("200ms") Duration pollInterval,
        @DefaultValue("500ms") Duration submitRetryInitial,
        @DefaultValue("30s") Duration submitRetryMax,
        @DefaultValue("100") int maxInFlight) {

    public ProductionProperties {
        if (pollInterval.isNegative() || pollInterval.isZero()) {
            throw new IllegalArgumentException(
                    "gateway.production.poll-interval must be positive, was " + pollInterval);
        }
        if (submitRetryInitial.isNegative()
                || submitRetryInitial.isZero()
                || submitRetryMax.compareTo(submitRetryInitial) < 0) {
            throw new IllegalArgumentException("gateway.production.submit-retry-initial must be positive and at most"
                    + " submit-retry-max, got " + submitRetryInitial + " and " + submitRetryMax);
        }
        if (maxInFlight < 1 || maxInFlight > 500) {
            throw new IllegalArgumentException("gateway.production.max-in-flight must be 1..500, was " + maxInFlight);
        }
    }
}
