package dev.robotledger.gateway.testing;

import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The extension behind {@link FabricTest}: skips the class when the tier is off (an assumption that
 * says why), else starts or reuses the network and fails, never skips, when it cannot. Before each
 * test it checks that every node runs: a node that went down unexpectedly (or that an earlier
 * test's drill did not bring back) fails the test instead of letting it pass on a smaller network.
 */
final class FabricTier implements BeforeAllCallback, BeforeEachCallback {

    @Override
    public void beforeAll(ExtensionContext context) {
        Assumptions.assumeTrue(FabricNetwork.tierOn(), FabricNetwork::whyOff);
        FabricNetwork.network();
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        List<String> stopped = FabricNetwork.network().stoppedNodes();
        if (!stopped.isEmpty()) {
            throw new IllegalStateException("Fabric nodes down before " + context.getDisplayName() + ": " + stopped
                    + " (logs: " + FabricNetwork.network().state().resolve("logs") + ")");
        }
    }
}
