package dev.robotledger.gateway.journal;

/**
 * Anchor batches by state. {@code sealed} counts every batch built; without a ledger adapter all
 * of them stay {@code pendingSubmission}.
 */
public record AnchorBatchCounts(long sealed, long pendingSubmission, long submitted, long anchored) {

    public AnchorBatchCounts {
        if (pendingSubmission < 0
                || submitted < 0
                || anchored < 0
                || sealed != pendingSubmission + submitted + anchored) {
            throw new IllegalArgumentException("batch counts must be non-negative and add up to sealed, were "
                    + pendingSubmission + " + " + submitted + " + " + anchored + " of " + sealed);
        }
    }
}
