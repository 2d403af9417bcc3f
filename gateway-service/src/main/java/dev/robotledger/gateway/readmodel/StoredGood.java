package dev.robotledger.gateway.readmodel;

import java.util.List;

/** A good as the read model holds it for tree walks: the chaincode's exact JSON, its parts in order, its robot. */
public record StoredGood(String id, byte[] json, List<String> partIds, String robotId) {

    public StoredGood {
        partIds = List.copyOf(partIds);
    }
}
