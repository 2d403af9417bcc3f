package dev.robotledger.gateway.testing;

import java.util.List;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The extension behind {@link FabricTest}: when the tier is off, the class is disabled with the
 * reason (so the reports list it as skipped, saying why, and nothing of it starts); when it is on,
 * the network is started or reused and a network that cannot start fails the class, never skips
 * it. Before each test it checks that every node runs: a node that went down unexpectedly (or that
 * an earlier test's drill did not bring back) fails the test instead of letting it pass on a
 * smaller network.
 */
final class FabricTier implements ExecutionCondition, BeforeAllCallback, BeforeEachCallback {

    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
        return FabricNetwork.tierOn()
                ? ConditionEvaluationResult.enabled("Fabric tier on")
                : ConditionEvaluationResult.disabled(FabricNetwork.whyOff());
    }

    @Override
    public void beforeAll(ExtensionContext context) {
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
