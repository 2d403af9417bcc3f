package dev.robotledger.gateway.factory;

import dev.robotledger.gateway.testing.LedgerUnderTest;
import java.nio.file.Path;

/** {@link SimulatedFactoryTests} on the embedded ledger. */
class SimulatedFactoryIT extends SimulatedFactoryTests {

    @Override
    protected LedgerUnderTest openLedger(Path dir) throws Exception {
        return LedgerUnderTest.embedded(dir, 1);
    }
}
