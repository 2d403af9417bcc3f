package dev.robotledger.gateway.lightning;

import java.time.Instant;
import java.util.Objects;

/**
 * A payment that succeeded: the payee settled, and the preimage is the payer's proof.
 *
 * @param hash      the payment hash
 * @param preimage  the preimage the payee revealed; its SHA-256 is {@code hash}
 * @param amountSat what the payee received, in satoshis
 * @param feeSat    routing fees paid on top, in satoshis
 * @param succeededAt when the payer's node saw the payee settle (the same for a payment followed again)
 */
public record Payment(PaymentHash hash, Preimage preimage, long amountSat, long feeSat, Instant succeededAt) {

    public Payment {
        Objects.requireNonNull(hash, "hash");
        Objects.requireNonNull(succeededAt, "succeededAt");
        Objects.requireNonNull(preimage, "preimage");
        if (!preimage.hash().equals(hash)) {
            throw new IllegalArgumentException("the preimage of payment " + hash.hex() + " does not hash to it");
        }
    }
}
