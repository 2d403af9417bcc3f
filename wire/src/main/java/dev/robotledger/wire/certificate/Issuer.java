package dev.robotledger.wire.certificate;

import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Objects;

/**
 * Who issued a certificate and what it signed.
 *
 * @param mspId            the issuing organisation's Fabric MSP id (signed, shown to the reader;
 *                         the trust comes from the chain, not from this name)
 * @param certificateChain the signing identity's certificate first, then any intermediate CAs,
 *                         without the root the verifier trusts
 * @param manifest         the per-section digests the signature covers
 * @param signature        base64 of the DER ECDSA P-256 / SHA-256 signature over
 *                         {@link ProvenanceCertificate#signedBytes()}
 */
public record Issuer(String mspId, List<X509Certificate> certificateChain, Manifest manifest, String signature) {

    public Issuer {
        LedgerRecord.requireMatch("mspId", mspId, LedgerRecord.TRANSACTION_ID);
        certificateChain = List.copyOf(certificateChain);
        if (certificateChain.isEmpty()) {
            throw new IllegalArgumentException("the issuer's certificate chain is empty");
        }
        Objects.requireNonNull(manifest, "manifest");
        Objects.requireNonNull(signature, "signature");
    }

    public X509Certificate certificate() {
        return certificateChain.get(0);
    }
}
