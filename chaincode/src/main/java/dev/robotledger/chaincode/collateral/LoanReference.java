package dev.robotledger.chaincode.collateral;

import dev.robotledger.chaincode.ledger.Fields;

/** The CheckMargin and Liquidate argument: the loan acted on. */
public record LoanReference(String loanId) {

    public LoanReference {
        Fields.requireId("loanId", loanId, Fields.MAX_ID_LENGTH);
    }
}
