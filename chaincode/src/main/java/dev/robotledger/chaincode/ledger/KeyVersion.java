package dev.robotledger.chaincode.ledger;

/** One committed version of a key; {@code value} is null when the transaction deleted it. */
public record KeyVersion<T>(String txId, long timestampEpochMillis, boolean deleted, T value) {}
