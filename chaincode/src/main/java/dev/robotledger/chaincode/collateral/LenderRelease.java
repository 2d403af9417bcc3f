package dev.robotledger.chaincode.collateral;

import dev.robotledger.chaincode.ledger.Fields;

/** The ReleaseByLender argument. */
public record LenderRelease(String loanId, String reason) {

    public LenderRelease {
        Fields.requireId("loanId", loanId, Fields.MAX_ID_LENGTH);
        Fields.requireText("reason", reason, Fields.MAX_TEXT_LENGTH);
    }
}
