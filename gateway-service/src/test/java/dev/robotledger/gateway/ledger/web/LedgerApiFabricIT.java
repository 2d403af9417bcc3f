package dev.robotledger.gateway.ledger.web;

import dev.robotledger.gateway.testing.FabricTest;
import dev.robotledger.gateway.testing.LedgerUnderTest;
import java.nio.file.Path;

/** {@link LedgerApiTests} on the tests' Fabric network. */
@FabricTest
class LedgerApiFabricIT extends LedgerApiTests {

    @Override
    protected LedgerUnderTest openLedger(Path dir) {
        return LedgerUnderTest.fabric();
    }
}
