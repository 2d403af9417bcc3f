package dev.robotledger.chaincode.good;

/** A proposed custody transfer that the receiving org has not yet accepted or rejected. */
public record PendingTransfer(String fromOrg, String toOrg, long proposedAtEpochMillis, String eventId) {}
