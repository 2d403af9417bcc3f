package dev.robotledger.gateway.provenance;

/** A provenance tree beyond the asked (or the chaincode's) depth or node bounds: refused, never truncated. */
public final class ProvenanceTooLargeException extends RuntimeException {

    public ProvenanceTooLargeException(String message) {
        super(message);
    }
}
