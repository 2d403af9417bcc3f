package dev.robotledger.wire.proof;

import dev.robotledger.wire.proof.ProofCheck.Outcome;
import dev.robotledger.wire.proof.ProofCheck.Step;
import java.util.List;
import java.util.Optional;

/** The outcome of every check of a {@link ReadingInclusionProof}, in chain order. */
public record ProofVerification(List<ProofCheck> checks) {

    public ProofVerification {
        checks = List.copyOf(checks);
    }

    /** True when the signature and both Merkle paths hold; says nothing about the ledger. */
    public boolean cryptographicallyValid() {
        return checks.stream()
                .filter(check -> check.step() != Step.LEDGER_ANCHOR)
                .allMatch(c -> c.outcome() == Outcome.PASSED);
    }

    /** True when the proof names the ledger transaction that anchored its batch root. */
    public boolean anchorPresent() {
        return check(Step.LEDGER_ANCHOR)
                .map(check -> check.outcome() == Outcome.PASSED)
                .orElse(false);
    }

    public List<ProofCheck> failures() {
        return checks.stream().filter(ProofCheck::failed).toList();
    }

    public Optional<ProofCheck> check(Step step) {
        return checks.stream().filter(check -> check.step() == step).findFirst();
    }
}
