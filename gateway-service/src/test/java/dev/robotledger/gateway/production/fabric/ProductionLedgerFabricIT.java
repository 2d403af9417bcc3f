package dev.robotledger.gateway.production.fabric;

import dev.robotledger.gateway.testing.FabricTest;
import dev.robotledger.gateway.testing.LedgerUnderTest;
import java.nio.file.Path;

/** {@link ProductionLedgerTests} on the tests' Fabric network, through the manufacturer's peer. */
@FabricTest
class ProductionLedgerFabricIT extends ProductionLedgerTests<LedgerUnderTest> {

    @Override
    protected LedgerUnderTest openLedger(Path dir) {
        return LedgerUnderTest.fabric();
    }
}
