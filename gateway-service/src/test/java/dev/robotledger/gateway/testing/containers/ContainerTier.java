package dev.robotledger.gateway.testing.containers;

import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The extension behind {@link ContainerTest}: with the tier off the class is disabled with the
 * reason, and nothing of it starts; with it on, the container engine and the images are checked
 * before the class's first test, and their absence fails it.
 */
final class ContainerTier implements ExecutionCondition, BeforeAllCallback {

    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
        return ContainerEngine.tierOn()
                ? ConditionEvaluationResult.enabled("container tier on")
                : ConditionEvaluationResult.disabled(ContainerEngine.whyOff());
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        ContainerEngine.requireReady();
    }
}
