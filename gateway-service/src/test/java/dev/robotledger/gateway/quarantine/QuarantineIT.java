package dev.robotledger.gateway.quarantine;

import dev.robotledger.gateway.testing.LedgerUnderTest;
import java.nio.file.Path;

/** {@link QuarantineTests} on the embedded ledger, a new one per test. */
class QuarantineIT extends QuarantineTests {

    @Override
    protected LedgerUnderTest openLedger(Path dir) throws Exception {
        return LedgerUnderTest.embedded(dir, 1);
    }
}
