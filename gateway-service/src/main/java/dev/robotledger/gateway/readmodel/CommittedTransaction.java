package dev.robotledger.gateway.readmodel;

import java.time.Instant;
import java.util.List;

/**
 * A valid transaction of the chaincode in a block, as the read model takes it: its place in the
 * block, the function called and its world-state writes in the order they were made.
 */
public record CommittedTransaction(
        int index,
        String transactionId,
        Instant timestamp,
        String creatorMspId,
        String function,
        List<StateWrite> writes) {

    public CommittedTransaction {
        writes = List.copyOf(writes);
    }
}
