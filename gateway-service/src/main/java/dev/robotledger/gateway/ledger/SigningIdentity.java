package dev.robotledger.gateway.ledger;

import java.security.PrivateKey;
import java.security.cert.X509Certificate;

/** The organisation's identity the gateway signs with: transactions, and the certificates it issues. */
public record SigningIdentity(String mspId, X509Certificate certificate, PrivateKey privateKey) {}
