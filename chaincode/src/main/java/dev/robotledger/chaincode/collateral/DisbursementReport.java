package dev.robotledger.chaincode.collateral;

import dev.robotledger.chaincode.ledger.Fields;
import dev.robotledger.chaincode.ledger.Refusals;
import dev.robotledger.contract.ErrorCode;

/**
 * The RecordDisbursement argument: the Lightning payment that paid the loan's principal out (its
 * payment hash, the satoshis the borrower received, when the lender's node saw it succeed).
 */
public record DisbursementReport(String loanId, String paymentHash, Long amountSats, Long paidAtEpochMillis) {

    public DisbursementReport {
        Fields.requireId("loanId", loanId, Fields.MAX_ID_LENGTH);
        Fields.requireSha256Hex("paymentHash", paymentHash);
        Fields.requireEpochMillis("paidAtEpochMillis", paidAtEpochMillis);
        if (Fields.requirePresent("amountSats", amountSats) <= 0) {
            throw Refusals.of(
                    ErrorCode.INVALID_ARGUMENT,
                    "amountSats of the disbursement of loan " + loanId + " must be > 0, was " + amountSats);
        }
    }
}
