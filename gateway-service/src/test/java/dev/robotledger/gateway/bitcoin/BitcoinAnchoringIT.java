package dev.robotledger.gateway.bitcoin;

import dev.robotledger.gateway.testing.LedgerUnderTest;
import java.nio.file.Path;

/** {@link BitcoinAnchoringTests} on the embedded ledger. */
class BitcoinAnchoringIT extends BitcoinAnchoringTests {

    @Override
    protected LedgerUnderTest openLedger(Path dir) throws Exception {
        return LedgerUnderTest.embedded(dir, 1);
    }
}
