package dev.robotledger.chaincode.ledger;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.hyperledger.fabric.shim.ChaincodeStub;
import org.hyperledger.fabric.shim.ext.sbe.StateBasedEndorsement;
import org.hyperledger.fabric.shim.ext.sbe.impl.StateBasedEndorsementFactory;
import org.hyperledger.fabric.shim.ledger.CompositeKey;
import org.hyperledger.fabric.shim.ledger.KeyModification;
import org.hyperledger.fabric.shim.ledger.KeyValue;
import org.hyperledger.fabric.shim.ledger.QueryResultsIterator;

/**
 * The contract's view of one transaction's world state: JSON values under composite keys,
 * index entries, the transaction's id and timestamp (the only clock the contract may read), and
 * key-level endorsement. Reads see committed state only, as on a peer: nothing here reads back
 * what the same transaction wrote.
 */
public final class WorldState {

    // Fabric treats an empty value as a delete, so index entries hold one zero byte.
    private static final byte[] INDEX_VALUE = {0};

    private final ChaincodeStub stub;

    public WorldState(ChaincodeStub stub) {
        this.stub = stub;
    }

    public String txId() {
        return stub.getTxId();
    }

    public long txEpochMillis() {
        Instant timestamp = stub.getTxTimestamp();
        return timestamp.toEpochMilli();
    }

    public <T> Optional<T> find(StateKey key, Class<T> type) {
        byte[] value = stub.getState(render(key));
        if (value == null || value.length == 0) {
            return Optional.empty();
        }
        return Optional.of(Json.readState(value, type));
    }

    public boolean exists(StateKey key) {
        byte[] value = stub.getState(render(key));
        return value != null && value.length > 0;
    }

    public void put(StateKey key, Object value) {
        stub.putState(render(key), Json.writeBytes(value));
    }

    public void putIndex(StateKey key) {
        stub.putState(render(key), INDEX_VALUE);
    }

    /** The keys under a partial composite key, in key order (one contiguous range scan). */
    public List<StateKey> scanKeys(String objectType, String... prefix) {
        List<StateKey> keys = new ArrayList<>();
        try (QueryResultsIterator<KeyValue> range = stub.getStateByPartialCompositeKey(objectType, prefix)) {
            for (KeyValue entry : range) {
                CompositeKey key = stub.splitCompositeKey(entry.getKey());
                keys.add(new StateKey(key.getObjectType(), key.getAttributes()));
            }
        }
        return keys;
    }

    /** Every committed version of {@code key}, as the peer's history database reports them. */
    public <T> List<KeyVersion<T>> history(StateKey key, Class<T> type) {
        List<KeyVersion<T>> versions = new ArrayList<>();
        try (QueryResultsIterator<KeyModification> modifications = stub.getHistoryForKey(render(key))) {
            for (KeyModification modification : modifications) {
                T value = modification.isDeleted() ? null : Json.readState(modification.getValue(), type);
                versions.add(new KeyVersion<>(
                        modification.getTxId(),
                        modification.getTimestamp().toEpochMilli(),
                        modification.isDeleted(),
                        value));
            }
        }
        return versions;
    }

    /**
     * Makes the peers of {@code mspId} the only required endorsers of changes to {@code key}
     * (Fabric state-based endorsement), replacing any earlier key-level policy.
     */
    public void requireEndorsementBy(StateKey key, String mspId) {
        requireEndorsementByAll(key, mspId);
    }

    /**
     * Makes the peers of every org in {@code mspIds} required endorsers of changes to {@code key}:
     * Fabric's state-based policy over several orgs is all of them (n out of n).
     */
    public void requireEndorsementByAll(StateKey key, String... mspIds) {
        StateBasedEndorsement policy =
                StateBasedEndorsementFactory.getInstance().newStateBasedEndorsement(null);
        policy.addOrgs(StateBasedEndorsement.RoleType.RoleTypePeer, mspIds);
        stub.setStateValidationParameter(render(key), policy.policy());
    }

    /** A value from the transaction's transient map (sent by the client, never written to a block). */
    public Optional<byte[]> transientValue(String name) {
        Map<String, byte[]> transientMap = stub.getTransient();
        byte[] value = transientMap == null ? null : transientMap.get(name);
        return value == null || value.length == 0 ? Optional.empty() : Optional.of(value.clone());
    }

    /** Writes private data; the block carries only its hash, member peers keep the value. */
    public void putPrivate(String collection, StateKey key, Object value) {
        stub.putPrivateData(collection, render(key), Json.writeBytes(value));
    }

    /** Reads private data; the peer refuses callers and peers outside the collection. */
    public <T> Optional<T> findPrivate(String collection, StateKey key, Class<T> type) {
        byte[] value = stub.getPrivateData(collection, render(key));
        if (value == null || value.length == 0) {
            return Optional.empty();
        }
        return Optional.of(Json.readState(value, type));
    }

    /** Sets the transaction's chaincode event; Fabric keeps only the last one per transaction. */
    public void emit(String eventName, Object payload) {
        stub.setEvent(eventName, Json.writeBytes(payload));
    }

    public String render(StateKey key) {
        return stub.createCompositeKey(key.objectType(), key.attributes().toArray(String[]::new))
                .toString();
    }
}
