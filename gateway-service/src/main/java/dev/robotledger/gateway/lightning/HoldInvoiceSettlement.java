package dev.robotledger.gateway.lightning;

import java.util.Objects;

/**
 * The payee's rule for a hold invoice: settle only a payment locked in for exactly the amount
 * owed. A payment for another amount is left accepted (the caller decides whether to cancel it),
 * so revealing the preimage never accepts a wrong amount. Safe to repeat: an invoice already
 * settled is reported as such, which lets a restarted caller resume.
 */
public final class HoldInvoiceSettlement {

    /** What {@link #settle} found and did. */
    public enum Outcome {
        /** The payment was for the amount owed and is now settled. */
        SETTLED,
        /** It had been settled before. */
        ALREADY_SETTLED,
        /** No payment locked in yet. */
        NOT_PAID,
        /** A payment is locked in for another amount: not settled. */
        WRONG_AMOUNT,
        /** The invoice was cancelled (or expired); it can no longer be settled. */
        CANCELED
    }

    /** @param invoice the invoice as it stood when the rule was applied */
    public record Result(Outcome outcome, Invoice invoice) {
        public Result {
            Objects.requireNonNull(outcome, "outcome");
            Objects.requireNonNull(invoice, "invoice");
        }
    }

    private final LightningNode node;

    public HoldInvoiceSettlement(LightningNode node) {
        this.node = Objects.requireNonNull(node, "node");
    }

    /** Settles the hold invoice of {@code preimage}'s hash if a payment of {@code amountOwedSat} is locked in. */
    public Result settle(Preimage preimage, long amountOwedSat) {
        Invoice invoice = node.lookupInvoice(preimage.hash());
        return switch (invoice.state()) {
            case OPEN -> new Result(Outcome.NOT_PAID, invoice);
            case SETTLED -> new Result(Outcome.ALREADY_SETTLED, invoice);
            case CANCELED -> new Result(Outcome.CANCELED, invoice);
            case ACCEPTED -> {
                if (invoice.amountPaidSat() != amountOwedSat) {
                    yield new Result(Outcome.WRONG_AMOUNT, invoice);
                }
                node.settleInvoice(preimage);
                yield new Result(Outcome.SETTLED, node.lookupInvoice(preimage.hash()));
            }
        };
    }
}
