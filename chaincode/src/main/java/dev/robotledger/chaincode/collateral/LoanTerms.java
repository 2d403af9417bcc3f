package dev.robotledger.chaincode.collateral;

import dev.robotledger.chaincode.ledger.Fields;
import dev.robotledger.chaincode.ledger.Refusals;
import dev.robotledger.contract.ErrorCode;
import dev.robotledger.contract.FieldRules;
import dev.robotledger.contract.TransientData;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The private part of a loan, sent as transient data under {@value #TRANSIENT_KEY} with
 * PledgeGood and stored only in the borrower-lender pair's private data collection
 * ({@link #collection}). Interest is annual, in basis points; the schedule lists instalments in
 * satoshis; borrower details are named texts (legal name, registration number, contact).
 */
public record LoanTerms(Integer interestBps, List<Instalment> schedule, Map<String, String> borrowerDetails) {

    public static final String TRANSIENT_KEY = TransientData.LOAN_TERMS;
    static final int MAX_INSTALMENTS = 360;

    /** One scheduled repayment. */
    public record Instalment(Long dueEpochMillis, Long amountSats) {

        public Instalment {
            Fields.requireEpochMillis("schedule.dueEpochMillis", dueEpochMillis);
            Fields.requirePresent("schedule.amountSats", amountSats);
            if (amountSats <= 0 || amountSats > PledgeRequest.MAX_SATS) {
                throw Refusals.of(
                        ErrorCode.INVALID_ARGUMENT,
                        "schedule.amountSats " + amountSats + " must be in [1, " + PledgeRequest.MAX_SATS + "]");
            }
        }
    }

    public LoanTerms {
        Fields.requirePresent("interestBps", interestBps);
        if (interestBps < 0 || interestBps > 100_000) {
            throw Refusals.of(ErrorCode.INVALID_ARGUMENT, "interestBps " + interestBps + " must be in [0, 100000]");
        }
        schedule = Fields.copyOrEmpty(schedule);
        if (schedule.isEmpty() || schedule.size() > MAX_INSTALMENTS) {
            throw Refusals.of(
                    ErrorCode.INVALID_ARGUMENT,
                    "schedule has " + schedule.size() + " instalments; 1 to " + MAX_INSTALMENTS + " are allowed");
        }
        Fields.requirePresent("borrowerDetails", borrowerDetails);
        if (borrowerDetails.isEmpty() || borrowerDetails.size() > FieldRules.MAX_MAP_ENTRIES) {
            throw Refusals.of(
                    ErrorCode.INVALID_ARGUMENT,
                    "borrowerDetails has " + borrowerDetails.size() + " entries; 1 to " + FieldRules.MAX_MAP_ENTRIES
                            + " are allowed");
        }
        TreeMap<String, String> sorted = new TreeMap<>();
        borrowerDetails.forEach((name, text) -> sorted.put(
                Fields.requireId("borrowerDetails name", name, 64),
                Fields.requireText("borrowerDetails." + name, text, Fields.MAX_TEXT_LENGTH)));
        borrowerDetails = Collections.unmodifiableSortedMap(sorted);
    }

    /** The collection a borrower-lender pair keeps its loan terms in; collections_config.json defines each. */
    public static String collection(String borrowerMspId, String lenderMspId) {
        return "loanTerms_" + borrowerMspId + "_" + lenderMspId;
    }
}
