package dev.robotledger.gateway.production;

import dev.robotledger.wire.merkle.Digest;

/**
 * What the journal holds for the telemetry window a production names ({@code robotId/seq}):
 * nothing, another kind of envelope, a window not yet in a batch, a window whose batch is not yet
 * on the ledger, or a window whose batch is anchored (its batch number and Merkle root).
 */
public record NamedWindow(Status status, String messageType, Long batchId, String batchState, Digest merkleRoot) {

    public enum Status {
        /** No envelope of the robot with that number was journaled. */
        NOT_JOURNALED,
        /** The envelope is a production event, not a telemetry window. */
        NOT_A_WINDOW,
        /** A window not yet sealed into an anchor batch. */
        NOT_BATCHED,
        /** A window in a batch that is not on the ledger yet. */
        BATCH_NOT_ANCHORED,
        /** A window in a batch anchored on the ledger. */
        ANCHORED
    }

    public static NamedWindow notJournaled() {
        return new NamedWindow(Status.NOT_JOURNALED, null, null, null, null);
    }

    /** Classifies a journal row: its message type, and its batch's number, state and root when it has one. */
    public static NamedWindow of(String messageType, Long batchId, String batchState, Digest merkleRoot) {
        Status status;
        if (!"TELEMETRY_WINDOW".equals(messageType)) {
            status = Status.NOT_A_WINDOW;
        } else if (batchId == null) {
            status = Status.NOT_BATCHED;
        } else if (!"ANCHORED".equals(batchState)) {
            status = Status.BATCH_NOT_ANCHORED;
        } else {
            status = Status.ANCHORED;
        }
        return new NamedWindow(status, messageType, batchId, batchState, merkleRoot);
    }
}
