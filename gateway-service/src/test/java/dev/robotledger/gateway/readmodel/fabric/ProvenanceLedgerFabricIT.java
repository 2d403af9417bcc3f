package dev.robotledger.gateway.readmodel.fabric;

import dev.robotledger.gateway.testing.FabricTest;
import dev.robotledger.gateway.testing.LedgerUnderTest;
import java.nio.file.Path;

/** {@link ProvenanceLedgerTests} on the tests' Fabric network, the read model following the manufacturer's peer. */
@FabricTest
class ProvenanceLedgerFabricIT extends ProvenanceLedgerTests {

    @Override
    protected LedgerUnderTest openLedger(Path dir) {
        return LedgerUnderTest.fabric();
    }
}
