package dev.robotledger.gateway.readmodel;

import java.util.List;

/** A block as the read model projects it: its number and the chaincode's valid transactions in block order. */
public record LedgerBlock(long number, List<CommittedTransaction> transactions) {

    public LedgerBlock {
        if (number < 0) {
            throw new IllegalArgumentException("block number " + number + " is negative");
        }
        transactions = List.copyOf(transactions);
    }
}
