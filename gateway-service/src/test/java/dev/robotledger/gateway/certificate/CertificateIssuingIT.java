package dev.robotledger.gateway.certificate;

import dev.robotledger.gateway.testing.LedgerUnderTest;
import java.nio.file.Path;

/** {@link CertificateIssuingTests} on the embedded ledger, a new one per test. */
class CertificateIssuingIT extends CertificateIssuingTests {

    @Override
    protected LedgerUnderTest openLedger(Path dir) throws Exception {
        return LedgerUnderTest.embedded(dir, 1);
    }
}
