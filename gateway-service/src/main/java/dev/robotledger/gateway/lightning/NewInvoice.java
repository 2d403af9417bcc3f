package dev.robotledger.gateway.lightning;

import java.util.Objects;

/**
 * An invoice just issued: what the payer needs.
 *
 * @param hash           its payment hash
 * @param paymentRequest the BOLT 11 request to hand to the payer
 */
public record NewInvoice(PaymentHash hash, String paymentRequest) {

    public NewInvoice {
        Objects.requireNonNull(hash, "hash");
        if (paymentRequest == null || paymentRequest.isBlank()) {
            throw new IllegalArgumentException("a payment request is needed");
        }
    }
}
