package dev.robotledger.gateway.bitcoin;

import dev.robotledger.gateway.testing.FabricTest;
import dev.robotledger.gateway.testing.LedgerUnderTest;
import java.nio.file.Path;

/** {@link BitcoinAnchoringTests} on the tests' Fabric network. */
@FabricTest
class BitcoinAnchoringFabricIT extends BitcoinAnchoringTests {

    @Override
    protected LedgerUnderTest openLedger(Path dir) {
        return LedgerUnderTest.fabric();
    }
}
