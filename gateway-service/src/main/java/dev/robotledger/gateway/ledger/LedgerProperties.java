package dev.robotledger.gateway.ledger;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The Fabric peer the gateway talks to, and the organisation identity it signs with. The ledger
 * adapter is active only when {@code peerEndpoint} is set; then every file must exist and be
 * readable, or start-up fails naming the setting and the path.
 *
 * @param peerEndpoint          {@code gateway.ledger.peer-endpoint}: the peer's Gateway service, {@code host:port}
 * @param tlsCaCertFile         {@code gateway.ledger.tls-ca-cert-file}: PEM root CA of the peer's TLS certificate
 * @param tlsServerName         {@code gateway.ledger.tls-server-name}: the name in the peer's TLS certificate,
 *                              when it differs from the endpoint's host (optional)
 * @param mspId                 {@code gateway.ledger.msp-id}: the organisation the identity belongs to
 * @param certificateFile       {@code gateway.ledger.certificate-file}: the identity's X.509 certificate, PEM
 * @param privateKeyFile        {@code gateway.ledger.private-key-file}: its private key, PKCS#8 PEM
 * @param channel               {@code gateway.ledger.channel}
 * @param chaincode             {@code gateway.ledger.chaincode}
 * @param evaluateTimeout       deadline of an evaluation (a query)
 * @param endorseTimeout        deadline of an endorsement
 * @param submitTimeout         deadline of handing an endorsed transaction to the orderer
 * @param commitStatusTimeout   deadline of waiting for the commit
 * @param commitRecheckAfter    how long the journaled writes (anchors, production events) wait for their commit
 *                              status before they are re-checked: resent under the same event id, which the
 *                              chaincode answers as a replay when the first one committed. A transaction
 *                              an orderer lost never commits, so waiting out {@code commitStatusTimeout}
 *                              would only stall it
 * @param maxConflictRetries    new proposals after an MVCC or phantom read conflict, per anchor
 * @param description           {@code gateway.ledger.description}: what this ledger is, in a few words, shown on
 *                              every dashboard page (for instance that it is a test double, not Fabric);
 *                              optional
 */
@ConfigurationProperties("gateway.ledger")
public record LedgerProperties(
        String peerEndpoint,
        Path tlsCaCertFile,
        String tlsServerName,
        @DefaultValue("ManufacturerMSP") String mspId,
        Path certificateFile,
        Path privateKeyFile,
        @DefaultValue("provenance") String channel,
        @DefaultValue("provenance") String chaincode,
        @DefaultValue("5s") Duration evaluateTimeout,
        @DefaultValue("15s") Duration endorseTimeout,
        @DefaultValue("5s") Duration submitTimeout,
        @DefaultValue("1m") Duration commitStatusTimeout,
        @DefaultValue("10s") Duration commitRecheckAfter,
        @DefaultValue("3") int maxConflictRetries,
        @DefaultValue("") String description) {

    public LedgerProperties {
        requireName("gateway.ledger.msp-id", mspId);
        requireName("gateway.ledger.channel", channel);
        requireName("gateway.ledger.chaincode", chaincode);
        requirePositive("gateway.ledger.evaluate-timeout", evaluateTimeout);
        requirePositive("gateway.ledger.endorse-timeout", endorseTimeout);
        requirePositive("gateway.ledger.submit-timeout", submitTimeout);
        requirePositive("gateway.ledger.commit-status-timeout", commitStatusTimeout);
        requirePositive("gateway.ledger.commit-recheck-after", commitRecheckAfter);
        description = description == null ? "" : description.strip();
        if (description.length() > 200) {
            throw new IllegalArgumentException(
                    "gateway.ledger.description must be at most 200 characters, was " + description.length());
        }
        if (maxConflictRetries < 0) {
            throw new IllegalArgumentException(
                    "gateway.ledger.max-conflict-retries must not be negative, was " + maxConflictRetries);
        }
        if (peerEndpoint != null) {
            if (!peerEndpoint.matches("([A-Za-z0-9.\\-]+|\\[[0-9A-Fa-f:]+\\]):[0-9]{1,5}")) {
                throw new IllegalArgumentException("gateway.ledger.peer-endpoint must be host:port, was '"
                        + peerEndpoint + "' (leave it unset to run without a ledger)");
            }
            requireReadableFile("gateway.ledger.tls-ca-cert-file", tlsCaCertFile);
            requireReadableFile("gateway.ledger.certificate-file", certificateFile);
            requireReadableFile("gateway.ledger.private-key-file", privateKeyFile);
            if (tlsServerName != null && tlsServerName.isBlank()) {
                tlsServerName = null;
            }
        }
    }

    /** Whether a peer is configured, i.e. whether the gateway anchors batches on the ledger. */
    public boolean enabled() {
        return peerEndpoint != null;
    }

    private static void requireName(String setting, String value) {
        if (value == null || !value.matches("[A-Za-z0-9._\\-]{1,250}")) {
            throw new IllegalArgumentException(
                    setting + " must be 1 to 250 letters, digits, '.', '_' or '-', was '" + value + "'");
        }
    }

    private static void requirePositive(String setting, Duration value) {
        if (value == null || value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException(setting + " must be a positive duration, was " + value);
        }
    }

    private static void requireReadableFile(String setting, Path file) {
        if (file == null) {
            throw new IllegalArgumentException(setting + " is required when gateway.ledger.peer-endpoint is set");
        }
        if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
            throw new IllegalArgumentException(
                    setting + " names " + file.toAbsolutePath() + ", which is not a readable file");
        }
    }
}
