package dev.robotledger.chaincode.collateral;

/**
 * How an active lien ended. {@code preimageHex} proves a Lightning repayment; {@code priceId}
 * and {@code ltvBps} record the price a liquidation relied on; {@code reason} is the lender's.
 */
public record LienClosure(
        String byOrg,
        String eventId,
        String txId,
        long atEpochMillis,
        String preimageHex,
        String priceId,
        Long ltvBps,
        String reason) {}
