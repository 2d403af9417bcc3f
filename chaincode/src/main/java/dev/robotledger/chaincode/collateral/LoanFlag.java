package dev.robotledger.chaincode.collateral;

/**
 * One flag on a loan: what happened, in which write, and for margin flags the recorded price
 * and the loan-to-value it gave ({@code priceId} and {@code ltvBps} are null otherwise).
 */
public record LoanFlag(
        FlagReason reason, String eventId, String txId, long atEpochMillis, String priceId, Long ltvBps) {}
