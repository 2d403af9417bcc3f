package dev.robotledger.gateway.robots.fabric;

import dev.robotledger.gateway.testing.FabricTest;
import dev.robotledger.gateway.testing.LedgerUnderTest;
import java.nio.file.Path;

/** {@link RobotLedgerTests} on the tests' Fabric network; the outages stop the manufacturer's peer. */
@FabricTest
class RobotLedgerFabricIT extends RobotLedgerTests<LedgerUnderTest> {

    @Override
    protected LedgerUnderTest openLedger(Path dir) {
        return LedgerUnderTest.fabric();
    }
}
