package dev.robotledger.chaincode.recall;

import java.util.List;

/** The products that contain a good, from its direct parent up to the outermost product. */
public record WhereUsed(String goodId, List<String> productIds) {

    public WhereUsed {
        productIds = List.copyOf(productIds);
    }
}
