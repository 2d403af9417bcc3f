package dev.robotledger.gateway.readmodel;

import java.util.List;
import java.util.Objects;

/**
 * A block as the read model projects it: its number, the SHA-256 of its header (what the next
 * block's previous hash names, and what a certificate cites), the header's previous hash and data
 * hash (so a certificate can chain headers to a later block) and the chaincode's valid
 * transactions in block order.
 */
public record LedgerBlock(
        long number, byte[] headerHash, byte[] previousHash, byte[] dataHash, List<CommittedTransaction> transactions) {

    public LedgerBlock {
        if (number < 0) {
            throw new IllegalArgumentException("block number " + number + " is negative");
        }
        Objects.requireNonNull(headerHash, "headerHash");
        Objects.requireNonNull(previousHash, "previousHash");
        Objects.requireNonNull(dataHash, "dataHash");
        transactions = List.copyOf(transactions);
    }
}
