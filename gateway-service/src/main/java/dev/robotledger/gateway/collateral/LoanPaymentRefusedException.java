package dev.robotledger.gateway.collateral;

/**
 * This gateway refused to move a loan's money, before any payment: the lien is not in a state for
 * it, or the invoice is not the one the loan needs.
 */
public class LoanPaymentRefusedException extends RuntimeException {

    /** Why. */
    public enum Reason {
        /** The lien is not ACTIVE. */
        LIEN_NOT_ACTIVE,
        /** This org is not the party of the loan that makes this payment. */
        NOT_PARTY,
        /** The invoice asks for another amount than the loan's. */
        WRONG_AMOUNT,
        /** The invoice's payment hash is not the lien's release hash: paying it would not release the lien. */
        NOT_RELEASE_HASH,
        /** The principal was paid out already, by another payment. */
        ALREADY_DISBURSED,
        /** No Lightning node is configured for this gateway. */
        NO_LIGHTNING_NODE
    }

    private final Reason reason;

    public LoanPaymentRefusedException(Reason reason, String message) {
        super(message);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
