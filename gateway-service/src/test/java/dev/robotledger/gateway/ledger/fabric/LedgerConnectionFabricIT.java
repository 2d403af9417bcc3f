package dev.robotledger.gateway.ledger.fabric;

import dev.robotledger.gateway.testing.FabricTest;
import dev.robotledger.gateway.testing.LedgerUnderTest;
import java.nio.file.Path;

/** {@link LedgerConnectionTests} on the tests' Fabric network: the outage stops the manufacturer's peer. */
@FabricTest
class LedgerConnectionFabricIT extends LedgerConnectionTests {

    @Override
    protected LedgerUnderTest openLedger(Path dir) {
        return LedgerUnderTest.fabric();
    }
}
