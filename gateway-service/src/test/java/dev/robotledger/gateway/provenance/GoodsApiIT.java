package dev.robotledger.gateway.provenance;

import dev.robotledger.gateway.testing.LedgerUnderTest;
import java.nio.file.Path;

/** {@link GoodsApiTests} on the embedded ledger, a new one per test. */
class GoodsApiIT extends GoodsApiTests {

    @Override
    protected LedgerUnderTest openLedger(Path dir) throws Exception {
        return LedgerUnderTest.embedded(dir, 1);
    }
}
