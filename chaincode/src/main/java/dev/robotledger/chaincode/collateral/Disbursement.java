package dev.robotledger.chaincode.collateral;

/**
 * The principal paid out over Lightning, as the lender recorded it on the lien: the payment's hash
 * (the borrower's invoice), what the borrower received, when the lender's node saw it succeed, and
 * the write that recorded it.
 */
public record Disbursement(
        String paymentHash,
        long amountSats,
        long paidAtEpochMillis,
        String byOrg,
        String eventId,
        String txId,
        long recordedAtEpochMillis) {}
