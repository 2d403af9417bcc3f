package dev.robotledger.gateway.custody;

import dev.robotledger.gateway.testing.FabricTest;
import dev.robotledger.gateway.testing.LedgerUnderTest;
import java.nio.file.Path;

/** {@link CustodyAndRecallTests} on the tests' Fabric network: the accept is endorsed by both organisations' peers. */
@FabricTest
class CustodyAndRecallFabricIT extends CustodyAndRecallTests {

    @Override
    protected LedgerUnderTest openLedger(Path dir) {
        return LedgerUnderTest.fabric();
    }
}
