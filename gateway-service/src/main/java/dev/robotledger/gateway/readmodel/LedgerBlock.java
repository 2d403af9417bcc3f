package dev.robotledger.gateway.readmodel;

import java.util.List;
import java.util.Objects;

/**
 * A block as the read model projects it: its number, the SHA-256 of its header (what the next
 * block's previous hash names, and what a certificate cites) and the chaincode's valid
 * transactions in block order.
 */
public record LedgerBlock(long number, byte[] headerHash, List<CommittedTransaction> transactions) {

    public LedgerBlock {
        if (number < 0) {
            throw new IllegalArgumentException("block number " + number + " is negative");
        }
        Objects.requireNonNull(headerHash, "headerHash");
        transactions = List.copyOf(transactions);
    }
}
