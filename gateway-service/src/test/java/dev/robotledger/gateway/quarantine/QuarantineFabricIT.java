package dev.robotledger.gateway.quarantine;

import dev.robotledger.gateway.testing.FabricTest;
import dev.robotledger.gateway.testing.LedgerUnderTest;
import java.nio.file.Path;

/** {@link QuarantineTests} on the tests' Fabric network, through the manufacturer's peer. */
@FabricTest
class QuarantineFabricIT extends QuarantineTests {

    @Override
    protected LedgerUnderTest openLedger(Path dir) {
        return LedgerUnderTest.fabric();
    }
}
