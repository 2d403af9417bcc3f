package dev.robotledger.chaincode.collateral;

import dev.robotledger.chaincode.access.Caller;
import dev.robotledger.chaincode.ledger.Refusals;
import dev.robotledger.chaincode.ledger.StateKey;
import dev.robotledger.contract.ErrorCode;
import java.util.ArrayList;
import java.util.List;

/**
 * A good pledged as collateral for a loan paid out in bitcoin, under {@code lien/<loanId>}.
 * Amounts are integers: the principal in satoshis, the appraised value in minor units of
 * {@code currency} (cents for USD), thresholds in basis points of loan-to-value. The loan terms
 * themselves are private to borrower and lender; the lien keeps only their SHA-256 and the
 * collection holding them. {@code marginState} is the state the last recorded margin flag (or the
 * pledge) left; {@link Collateral#evaluate} computes the live one. {@code disbursement} is the
 * Lightning payment of the principal once the lender recorded it (absent before).
 */
public record Lien(
        String loanId,
        String goodId,
        String lenderOrg,
        String borrowerOrg,
        long principalSats,
        long appraisedValueMinor,
        String currency,
        int maxLtvBps,
        int marginCallBps,
        int liquidationBps,
        String paymentHash,
        String termsSha256,
        String termsCollection,
        String pledgePriceId,
        long pledgeLtvBps,
        LienStatus status,
        MarginState marginState,
        long pledgedAtEpochMillis,
        String pledgeTxId,
        String pledgeEventId,
        List<LoanFlag> flags,
        LienClosure closure,
        Disbursement disbursement) {

    static final String LENDER_INDEX = "lien~lender";
    static final String BORROWER_INDEX = "lien~borrower";

    public Lien {
        flags = List.copyOf(flags);
    }

    static StateKey key(String loanId) {
        return StateKey.of("lien", loanId);
    }

    Lien requireActive(String action) {
        if (status != LienStatus.ACTIVE) {
            throw Refusals.of(
                    ErrorCode.LIEN_NOT_ACTIVE,
                    "cannot " + action + " loan " + loanId + ": its lien on good " + goodId + " is " + status);
        }
        return this;
    }

    Lien requireLender(Caller caller, String action) {
        if (!lenderOrg.equals(caller.mspId())) {
            throw Refusals.of(
                    ErrorCode.NOT_LENDER,
                    caller.mspId() + " may not " + action + " loan " + loanId + ": only its lender " + lenderOrg
                            + " may");
        }
        return this;
    }

    boolean isParty(String mspId) {
        return lenderOrg.equals(mspId) || borrowerOrg.equals(mspId);
    }

    Lien flagged(LoanFlag flag, MarginState nextMarginState) {
        List<LoanFlag> next = new ArrayList<>(flags);
        if (flag != null) {
            next.add(flag);
        }
        return new Lien(
                loanId,
                goodId,
                lenderOrg,
                borrowerOrg,
                principalSats,
                appraisedValueMinor,
                currency,
                maxLtvBps,
                marginCallBps,
                liquidationBps,
                paymentHash,
                termsSha256,
                termsCollection,
                pledgePriceId,
                pledgeLtvBps,
                status,
                nextMarginState,
                pledgedAtEpochMillis,
                pledgeTxId,
                pledgeEventId,
                next,
                closure,
                disbursement);
    }

    Lien disbursed(Disbursement payment) {
        return new Lien(
                loanId,
                goodId,
                lenderOrg,
                borrowerOrg,
                principalSats,
                appraisedValueMinor,
                currency,
                maxLtvBps,
                marginCallBps,
                liquidationBps,
                paymentHash,
                termsSha256,
                termsCollection,
                pledgePriceId,
                pledgeLtvBps,
                status,
                marginState,
                pledgedAtEpochMillis,
                pledgeTxId,
                pledgeEventId,
                flags,
                closure,
                payment);
    }

    Lien closed(LienStatus nextStatus, LienClosure how) {
        return new Lien(
                loanId,
                goodId,
                lenderOrg,
                borrowerOrg,
                principalSats,
                appraisedValueMinor,
                currency,
                maxLtvBps,
                marginCallBps,
                liquidationBps,
                paymentHash,
                termsSha256,
                termsCollection,
                pledgePriceId,
                pledgeLtvBps,
                nextStatus,
                marginState,
                pledgedAtEpochMillis,
                pledgeTxId,
                pledgeEventId,
                flags,
                how,
                disbursement);
    }
}
