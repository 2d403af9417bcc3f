package dev.robotledger.gateway.testing;

import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/**
 * The base of a test class whose tests run on either ledger: a subclass on the embedded ledger
 * ({@code XxxIT}) and one on the tests' Fabric network ({@code XxxFabricIT}, {@link FabricTest})
 * each say which in {@link #openLedger}. Every test gets the ledger before it starts and the
 * height it had then: on Fabric, blocks below that height are other tests' and earlier runs'.
 */
public abstract class LedgerTests<L extends LedgerUnderTest> {

    @TempDir
    protected Path dir;

    protected L ledger;
    /** The ledger's height before the test: its blocks from here on are this test's. */
    protected long startHeight;

    /** The ledger of one test: a new one on the embedded ledger, the shared network on Fabric. */
    protected abstract L openLedger(Path dir) throws Exception;

    @BeforeEach
    void openLedgerOfTest() throws Exception {
        ledger = openLedger(dir);
        startHeight = ledger.height();
    }

    @AfterEach
    void closeLedgerOfTest() throws Exception {
        if (ledger != null) {
            ledger.close();
        }
    }
}
