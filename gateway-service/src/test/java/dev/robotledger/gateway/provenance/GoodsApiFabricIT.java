package dev.robotledger.gateway.provenance;

import dev.robotledger.gateway.testing.FabricTest;
import dev.robotledger.gateway.testing.LedgerUnderTest;
import java.nio.file.Path;

/** {@link GoodsApiTests} on the tests' Fabric network. */
@FabricTest
class GoodsApiFabricIT extends GoodsApiTests {

    @Override
    protected LedgerUnderTest openLedger(Path dir) {
        return LedgerUnderTest.fabric();
    }
}
