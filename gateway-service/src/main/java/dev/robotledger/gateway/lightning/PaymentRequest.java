package dev.robotledger.gateway.lightning;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * A decoded BOLT 11 payment request: what paying it would do.
 *
 * @param hash        the payment hash
 * @param amountSat   the amount asked, in satoshis (0: the payer chooses)
 * @param destination the payee node's public key, hex
 * @param description the memo
 * @param createdAt   when it was issued
 * @param expiry      how long after {@code createdAt} it can be paid
 */
public record PaymentRequest(
        PaymentHash hash, long amountSat, String destination, String description, Instant createdAt, Duration expiry) {

    public PaymentRequest {
        Objects.requireNonNull(hash, "hash");
        Objects.requireNonNull(destination, "destination");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(expiry, "expiry");
        description = description == null ? "" : description;
    }

    public Instant expiresAt() {
        return createdAt.plus(expiry);
    }
}
