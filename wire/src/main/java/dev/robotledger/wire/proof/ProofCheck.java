package dev.robotledger.wire.proof;

import java.util.Objects;

/** One step of verifying a {@link ReadingInclusionProof}, with what was found. */
public record ProofCheck(Step step, Outcome outcome, String detail) {

    /** The links of the chain from a reading to the ledger, in the order they are checked. */
    public enum Step {
        /** The robot's key signed the window header (robot id, seq, timestamp, first reading, count, root). */
        WINDOW_SIGNATURE("window signature (robot key)"),
        /** The reading sits at its own position under the signed window root. */
        READING_PATH("reading path (window tree)"),
        /** The signed window header sits at its position under the batch root. */
        BATCH_PATH("batch path (anchor tree)"),
        /** The batch root's ledger transaction, if the gateway has one. Not a cryptographic check. */
        LEDGER_ANCHOR("anchored on ledger");

        private final String label;

        Step(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }
    }

    public enum Outcome {
        PASSED,
        FAILED,
        /** Only for {@link Step#LEDGER_ANCHOR}: the proof carries no anchor yet. */
        ABSENT
    }

    public ProofCheck {
        Objects.requireNonNull(step, "step");
        Objects.requireNonNull(outcome, "outcome");
        Objects.requireNonNull(detail, "detail");
        if (outcome == Outcome.ABSENT && step != Step.LEDGER_ANCHOR) {
            throw new IllegalArgumentException(step + " is a cryptographic check: it passes or fails");
        }
    }

    public boolean failed() {
        return outcome == Outcome.FAILED;
    }

    @Override
    public String toString() {
        return step.label() + ": " + outcome + " - " + detail;
    }
}
