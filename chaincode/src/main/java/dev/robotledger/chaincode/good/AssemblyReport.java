package dev.robotledger.chaincode.good;

import dev.robotledger.chaincode.ledger.Fields;
import dev.robotledger.chaincode.ledger.Refusals;
import dev.robotledger.contract.ErrorCode;
import dev.robotledger.contract.FieldRules;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The AssembleProduct argument: the new product and the parts it consumes, each named with the
 * production that made it.
 */
public record AssemblyReport(ProductionReport product, List<PartReference> parts) {

    public AssemblyReport {
        Fields.requirePresent("product", product);
        parts = Fields.copyOrEmpty(parts);
        List<String> partIds = parts.stream().map(PartReference::goodId).toList();
        if (partIds.isEmpty()) {
            throw Refusals.of(ErrorCode.INVALID_ARGUMENT, "assembly of " + product.goodId() + " lists no parts");
        }
        if (partIds.size() > FieldRules.MAX_PARTS_PER_ASSEMBLY) {
            throw Refusals.of(
                    ErrorCode.INVALID_ARGUMENT,
                    "assembly of " + product.goodId() + " lists " + partIds.size() + " parts; at most "
                            + FieldRules.MAX_PARTS_PER_ASSEMBLY + " per transaction");
        }
        Set<String> seen = new HashSet<>();
        for (String partId : partIds) {
            Fields.requireGoodId("partIds[]", partId);
            if (partId.equals(product.goodId())) {
                throw Refusals.of(ErrorCode.ASSEMBLY_CYCLE, "product " + partId + " cannot be one of its own parts");
            }
            if (!seen.add(partId)) {
                throw Refusals.of(
                        ErrorCode.INVALID_ARGUMENT,
                        "assembly of " + product.goodId() + " lists part " + partId + " twice");
            }
        }
    }

    /** The parts' good ids, in the order listed. */
    public List<String> partIds() {
        return parts.stream().map(PartReference::goodId).toList();
    }
}
