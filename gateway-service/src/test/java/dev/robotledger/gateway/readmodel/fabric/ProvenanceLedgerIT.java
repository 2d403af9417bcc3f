package dev.robotledger.gateway.readmodel.fabric;

import dev.robotledger.gateway.testing.LedgerUnderTest;
import java.nio.file.Path;

/** {@link ProvenanceLedgerTests} on the embedded ledger, a new one per test. */
class ProvenanceLedgerIT extends ProvenanceLedgerTests {

    @Override
    protected LedgerUnderTest openLedger(Path dir) throws Exception {
        return LedgerUnderTest.embedded(dir, 1);
    }
}
