package dev.robotledger.gateway.custody;

import dev.robotledger.gateway.testing.LedgerUnderTest;
import java.nio.file.Path;

/** {@link CustodyAndRecallTests} on the embedded ledger, a new one per test. */
class CustodyAndRecallIT extends CustodyAndRecallTests {

    @Override
    protected LedgerUnderTest openLedger(Path dir) throws Exception {
        return LedgerUnderTest.embedded(dir, 1);
    }
}
