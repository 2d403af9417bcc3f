package dev.robotledger.gateway.lightning;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * An invoice as the payee's node sees it.
 *
 * @param hash           its payment hash
 * @param paymentRequest the BOLT 11 request the payer pays
 * @param amountSat      the amount asked, in satoshis (0: the payer chooses)
 * @param memo           the description
 * @param state          open, accepted (hold invoices), settled or cancelled
 * @param amountPaidSat  what the payer's locked-in or settled HTLCs carry, in satoshis
 * @param createdAt      when it was issued
 * @param expiry         how long after {@code createdAt} it can be paid
 * @param preimage       the preimage, once the node knows it (always for a plain invoice; for a
 *                       hold invoice once settled)
 */
public record Invoice(
        PaymentHash hash,
        String paymentRequest,
        long amountSat,
        String memo,
        InvoiceState state,
        long amountPaidSat,
        Instant createdAt,
        Duration expiry,
        Optional<Preimage> preimage) {

    public Invoice {
        Objects.requireNonNull(hash, "hash");
        Objects.requireNonNull(paymentRequest, "paymentRequest");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(expiry, "expiry");
        Objects.requireNonNull(preimage, "preimage");
        memo = memo == null ? "" : memo;
        if (amountSat < 0 || amountPaidSat < 0) {
            throw new IllegalArgumentException("amounts are never negative");
        }
    }

    public Instant expiresAt() {
        return createdAt.plus(expiry);
    }
}
