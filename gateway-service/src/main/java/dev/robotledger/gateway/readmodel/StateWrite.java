package dev.robotledger.gateway.readmodel;

import java.util.List;
import java.util.Objects;

/**
 * One world-state write of a committed transaction: the chaincode's composite key (object type and
 * attributes) and the value written, or {@code null} for a delete.
 */
public record StateWrite(String objectType, List<String> attributes, byte[] value) {

    public StateWrite {
        Objects.requireNonNull(objectType, "objectType");
        attributes = List.copyOf(attributes);
    }

    public boolean isDelete() {
        return value == null;
    }
}
