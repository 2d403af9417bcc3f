package dev.robotledger.chaincode.collateral;

/** How an open offer ended: the pledge that accepted it, or the lender's withdrawal and its reason. */
public record OfferClosure(String byOrg, String eventId, String txId, long atEpochMillis, String reason) {}
