package dev.robotledger.gateway.telemetry.fabric;

import dev.robotledger.gateway.testing.FabricTest;
import dev.robotledger.gateway.testing.LedgerUnderTest;
import java.nio.file.Path;

/** {@link LedgerAnchoringTests} on the tests' Fabric network; the outage stops the manufacturer's peer. */
@FabricTest
class LedgerAnchoringFabricIT extends LedgerAnchoringTests<LedgerUnderTest> {

    @Override
    protected LedgerUnderTest openLedger(Path dir) {
        return LedgerUnderTest.fabric();
    }
}
