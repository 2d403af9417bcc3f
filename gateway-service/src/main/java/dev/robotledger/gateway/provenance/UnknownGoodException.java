package dev.robotledger.gateway.provenance;

/** The ledger, as far as the read model has projected it, holds no good with this id. */
public final class UnknownGoodException extends RuntimeException {

    public UnknownGoodException(String goodId) {
        super("good " + goodId + " is not on the ledger (as far as the read model has projected it)");
    }
}
