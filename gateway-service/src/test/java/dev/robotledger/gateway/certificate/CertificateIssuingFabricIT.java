package dev.robotledger.gateway.certificate;

import dev.robotledger.gateway.testing.FabricTest;
import dev.robotledger.gateway.testing.LedgerUnderTest;
import java.nio.file.Path;

/** {@link CertificateIssuingTests} on the tests' Fabric network, the certificate trusting the manufacturer's CA. */
@FabricTest
class CertificateIssuingFabricIT extends CertificateIssuingTests {

    @Override
    protected LedgerUnderTest openLedger(Path dir) {
        return LedgerUnderTest.fabric();
    }
}
