package dev.robotledger.chaincode.good;

import dev.robotledger.chaincode.ledger.Fields;

/**
 * A part an assembly consumes: the good and the event id of the production that made it, which
 * must be the one the ledger recorded for that good (see {@link Good#requireProducedBy}).
 */
public record PartReference(String goodId, String producedBy) {

    public PartReference {
        Fields.requireGoodId("parts[].goodId", goodId);
        Fields.requireId("parts[].producedBy", producedBy, Fields.MAX_ID_LENGTH);
    }
}
