package dev.robotledger.gateway.provenance;

/** A provenance answer that does not have the shape the chaincode's GetProvenance gives. */
public class ProvenanceFormatException extends RuntimeException {

    public ProvenanceFormatException(String message) {
        super(message);
    }

    public ProvenanceFormatException(String message, Throwable cause) {
        super(message, cause);
    }
}
