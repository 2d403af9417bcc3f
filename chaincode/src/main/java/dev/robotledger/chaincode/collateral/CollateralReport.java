package dev.robotledger.chaincode.collateral;

import java.util.List;

/**
 * A lender's verification of a good offered as collateral, as the ledger stood at the
 * evaluating transaction's timestamp: one verdict, every reason against it (in tree order, the
 * good itself first), and what was checked.
 */
public record CollateralReport(
        String goodId,
        String custodianOrg,
        Verdict verdict,
        List<ReportReason> reasons,
        VerificationCoverage checked,
        long evaluatedAtEpochMillis,
        String evaluatedInTxId) {

    public CollateralReport {
        reasons = List.copyOf(reasons);
        if ((verdict == Verdict.ELIGIBLE) != reasons.isEmpty()) {
            throw new IllegalArgumentException(
                    "good " + goodId + ": verdict " + verdict + " with " + reasons.size() + " reasons");
        }
    }
}
