package dev.robotledger.chaincode.custody;

import dev.robotledger.chaincode.ledger.Fields;

/** The AcceptTransfer, RejectTransfer and CancelTransfer argument: the good whose pending transfer is closed. */
public record TransferDecision(String goodId) {

    public TransferDecision {
        Fields.requireGoodId("goodId", goodId);
    }
}
