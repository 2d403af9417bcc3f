package dev.robotledger.gateway.certificate;

/** Something a good's provenance names cannot be certified from this gateway; no certificate is signed. */
public final class CertificateIncompleteException extends RuntimeException {

    public CertificateIncompleteException(String message) {
        super(message);
    }
}
