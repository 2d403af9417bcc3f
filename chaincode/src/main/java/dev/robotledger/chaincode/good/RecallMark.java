package dev.robotledger.chaincode.good;

/** Why a good is recalled: the recall that reached it and whether it was named or found downstream. */
public record RecallMark(String recallId, String reason, boolean downstream, long atEpochMillis) {}
