package dev.robotledger.chaincode.ledger;

import java.util.List;

/**
 * A composite world-state key: an object type and its attributes. Entities and indexes both use
 * composite keys so that a partial key selects a contiguous, ordered range on LevelDB.
 */
public record StateKey(String objectType, List<String> attributes) {

    public StateKey {
        Fields.requireText("objectType", objectType, 64);
        attributes = List.copyOf(attributes);
    }

    public static StateKey of(String objectType, String... attributes) {
        return new StateKey(objectType, List.of(attributes));
    }

    public String attribute(int index) {
        return attributes.get(index);
    }
}
