package dev.robotledger.chaincode.collateral;

import dev.robotledger.chaincode.ledger.Fields;

/** The WithdrawLoanOffer argument. */
public record OfferWithdrawal(String loanId, String reason) {

    public OfferWithdrawal {
        Fields.requireId("loanId", loanId, Fields.MAX_ID_LENGTH);
        Fields.requireText("reason", reason, Fields.MAX_TEXT_LENGTH);
    }
}
