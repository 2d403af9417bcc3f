package dev.robotledger.gateway.ledger.fabric;

import dev.robotledger.gateway.testing.LedgerUnderTest;
import java.nio.file.Path;

/** {@link LedgerConnectionTests} on the embedded ledger served over TLS. */
class LedgerConnectionIT extends LedgerConnectionTests {

    @Override
    protected LedgerUnderTest openLedger(Path dir) throws Exception {
        return LedgerUnderTest.embedded(dir, 1);
    }
}
