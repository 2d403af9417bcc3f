package dev.robotledger.gateway.factory;

import dev.robotledger.gateway.testing.FabricTest;
import dev.robotledger.gateway.testing.LedgerUnderTest;
import java.nio.file.Path;

/** {@link SimulatedFactoryTests} on the tests' Fabric network: the retailer's accept is endorsed by both organisations' peers. */
@FabricTest
class SimulatedFactoryFabricIT extends SimulatedFactoryTests {

    @Override
    protected LedgerUnderTest openLedger(Path dir) {
        return LedgerUnderTest.fabric();
    }
}
