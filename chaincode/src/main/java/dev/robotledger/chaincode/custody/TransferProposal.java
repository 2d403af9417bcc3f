package dev.robotledger.chaincode.custody;

import dev.robotledger.chaincode.ledger.Fields;

/** The ProposeTransfer argument. */
public record TransferProposal(String goodId, String toOrg) {

    public TransferProposal {
        Fields.requireGoodId("goodId", goodId);
        Fields.requireId("toOrg", toOrg, 64);
    }
}
