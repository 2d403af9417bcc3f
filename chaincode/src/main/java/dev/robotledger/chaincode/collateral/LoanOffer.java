package dev.robotledger.chaincode.collateral;

import dev.robotledger.chaincode.access.Caller;
import dev.robotledger.chaincode.ledger.Refusals;
import dev.robotledger.chaincode.ledger.StateKey;
import dev.robotledger.contract.ErrorCode;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A lender's standing offer to fund one pledge, under {@code offer/<loanId>}: the lender's consent
 * on the ledger. PledgeGood turns an open, unexpired offer into a lien only when the custodian
 * pledges exactly the offered request and terms.
 */
public record LoanOffer(
        String loanId,
        String goodId,
        String lenderOrg,
        String borrowerOrg,
        PledgeRequest pledge,
        String termsSha256,
        long expiresAtEpochMillis,
        OfferStatus status,
        long offeredAtEpochMillis,
        String offerTxId,
        String offerEventId,
        OfferClosure closure) {

    static final String BORROWER_INDEX = "offer~borrower";

    static StateKey key(String loanId) {
        return StateKey.of("offer", loanId);
    }

    LoanOffer requireOpen(String action) {
        if (status != OfferStatus.OPEN) {
            throw Refusals.of(
                    ErrorCode.LOAN_OFFER_NOT_OPEN,
                    "cannot " + action + " the offer of loan " + loanId + ": it is " + status);
        }
        return this;
    }

    LoanOffer requireLender(Caller caller, String action) {
        if (!lenderOrg.equals(caller.mspId())) {
            throw Refusals.of(
                    ErrorCode.NOT_LENDER,
                    caller.mspId() + " may not " + action + " the offer of loan " + loanId + ": only its lender "
                            + lenderOrg + " may");
        }
        return this;
    }

    /** The fields in which {@code request} differs from the offered pledge, each with both values. */
    List<String> differencesFrom(PledgeRequest request) {
        List<String> differences = new ArrayList<>();
        for (RecordComponent field : PledgeRequest.class.getRecordComponents()) {
            Object offered = valueOf(field, pledge);
            Object pledged = valueOf(field, request);
            if (!Objects.equals(offered, pledged)) {
                differences.add(field.getName() + " (offered " + offered + ", pledged " + pledged + ")");
            }
        }
        return differences;
    }

    private static Object valueOf(RecordComponent field, PledgeRequest request) {
        try {
            return field.getAccessor().invoke(request);
        } catch (IllegalAccessException | InvocationTargetException e) {
            throw new IllegalStateException("record accessor " + field.getName() + " failed", e);
        }
    }

    LoanOffer closed(OfferStatus nextStatus, OfferClosure how) {
        return new LoanOffer(
                loanId,
                goodId,
                lenderOrg,
                borrowerOrg,
                pledge,
                termsSha256,
                expiresAtEpochMillis,
                nextStatus,
                offeredAtEpochMillis,
                offerTxId,
                offerEventId,
                how);
    }
}
