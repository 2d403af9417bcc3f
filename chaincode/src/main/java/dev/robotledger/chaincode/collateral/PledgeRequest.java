package dev.robotledger.chaincode.collateral;

import dev.robotledger.chaincode.ledger.Fields;
import dev.robotledger.chaincode.ledger.Refusals;
import dev.robotledger.contract.ErrorCode;

/**
 * The PledgeGood argument, sent by the good's custodian (the borrower). The loan terms travel
 * separately, as transient data (see {@link LoanTerms}). {@code paymentHash} is the SHA-256 of
 * the Lightning payment preimage that will prove repayment, as 64 lowercase hex digits.
 */
public record PledgeRequest(
        String loanId,
        String goodId,
        String lenderOrg,
        Long principalSats,
        Long appraisedValueMinor,
        String currency,
        Integer maxLtvBps,
        Integer marginCallBps,
        Integer liquidationBps,
        String paymentHash) {

    /** 21 million BTC. */
    static final long MAX_SATS = 2_100_000_000_000_000L;

    static final long MAX_APPRAISED_VALUE_MINOR = 1_000_000_000_000_000L;

    public PledgeRequest {
        Fields.requireId("loanId", loanId, Fields.MAX_ID_LENGTH);
        Fields.requireGoodId("goodId", goodId);
        Fields.requireId("lenderOrg", lenderOrg, 64);
        requireRange(loanId, "principalSats", principalSats, 1, MAX_SATS);
        requireRange(loanId, "appraisedValueMinor", appraisedValueMinor, 1, MAX_APPRAISED_VALUE_MINOR);
        Currencies.require("currency", currency);
        requireRange(
                loanId,
                "maxLtvBps",
                Fields.requirePresent("maxLtvBps", maxLtvBps).longValue(),
                1,
                10_000);
        requireRange(
                loanId,
                "marginCallBps",
                Fields.requirePresent("marginCallBps", marginCallBps).longValue(),
                1,
                10_000);
        requireRange(
                loanId,
                "liquidationBps",
                Fields.requirePresent("liquidationBps", liquidationBps).longValue(),
                1,
                10_000);
        if (!(maxLtvBps < marginCallBps && marginCallBps < liquidationBps)) {
            throw Refusals.of(
                    ErrorCode.INVALID_ARGUMENT,
                    "loan " + loanId + " needs maxLtvBps < marginCallBps < liquidationBps, was " + maxLtvBps + ", "
                            + marginCallBps + ", " + liquidationBps);
        }
        Fields.requireSha256Hex("paymentHash", paymentHash);
    }

    private static void requireRange(String loanId, String field, Long value, long min, long max) {
        Fields.requirePresent(field, value);
        if (value < min || value > max) {
            throw Refusals.of(
                    ErrorCode.INVALID_ARGUMENT,
                    "loan " + loanId + " has " + field + " " + value + "; it must be in [" + min + ", " + max + "]");
        }
    }
}
