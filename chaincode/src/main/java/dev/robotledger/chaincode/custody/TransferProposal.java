package dev.robotledger.chaincode.custody;

import dev.robotledger.chaincode.ledger.Fields;

/** The ProposeTransfer argument; {@code producedBy} is the event id of the production that made the good. */
public record TransferProposal(String goodId, String producedBy, String toOrg) {

    public TransferProposal {
        Fields.requireGoodId("goodId", goodId);
        Fields.requireId("producedBy", producedBy, Fields.MAX_ID_LENGTH);
        Fields.requireId("toOrg", toOrg, 64);
    }
}
