package dev.robotledger.contract.testkit;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.hyperledger.fabric.protos.msp.SerializedIdentity;
import org.hyperledger.fabric.protos.peer.ChaincodeEvent;
import org.hyperledger.fabric.protos.peer.SignedProposal;
import org.hyperledger.fabric.shim.Chaincode;
import org.hyperledger.fabric.shim.ChaincodeStub;
import org.hyperledger.fabric.shim.ledger.CompositeKey;
import org.hyperledger.fabric.shim.ledger.KeyModification;
import org.hyperledger.fabric.shim.ledger.KeyValue;
import org.hyperledger.fabric.shim.ledger.QueryResultsIterator;
import org.hyperledger.fabric.shim.ledger.QueryResultsIteratorWithMetadata;

/**
 * One transaction's stub over an {@link InMemoryLedger}, with the peer's semantics that the
 * contract relies on: reads and range scans see committed state only (never this transaction's
 * own writes); writes are buffered, last write per key wins; {@code setEvent} keeps the last
 * event; range queries refuse composite keys as the real shim does; history is newest first.
 * Private data follows the collection configuration a peer would hold: only a member org's
 * client may write a collection (memberOnlyWrite), and a read is refused unless the org running
 * the transaction (the client's, whose peer serves it) is a member (memberOnlyRead; non-member
 * peers hold only hashes). The transient map is the client's and never reaches the ledger.
 * Like a peer's simulator, it records the transaction's read set (every key read with the
 * version it had, every range scanned with the keys and versions it returned) for the ledger's
 * MVCC check at commit. Everything the contract does not use throws.
 */
public final class InMemoryChaincodeStub implements ChaincodeStub {

    // An empty value is a deletion: putState refuses empty values, as Fabric does.
    private static final byte[] DELETED = new byte[0];
    // The shim's upper bound for partial composite key ranges.
    private static final String MAX_UNICODE_RUNE = "\udbff\udfff";

    /** A range scan as the read set records it: the bounds and what it returned, in key order. */
    public record RangeRead(String startKey, String endKey, Map<String, InMemoryLedger.KeyVersion> results) {}

    private final InMemoryLedger ledger;
    private final String channel;
    private final String txId;
    private final Instant timestamp;
    private final byte[] creator;
    private final String mspId;
    private final List<String> args;
    private final Map<String, byte[]> transientData;
    private final TreeMap<String, byte[]> writes = new TreeMap<>();
    private final Map<String, TreeMap<String, byte[]>> privateWrites = new TreeMap<>();
    private final Map<String, byte[]> validationParameterWrites = new HashMap<>();
    private final Map<String, InMemoryLedger.KeyVersion> reads = new LinkedHashMap<>();
    private final Map<String, InMemoryLedger.KeyVersion> privateReads = new LinkedHashMap<>();
    private final List<RangeRead> rangeReads = new ArrayList<>();
    private ChaincodeEvent event;

    /** A transaction of a client of organisation {@code mspId} (a generated identity) on channel {@code provenance}. */
    public InMemoryChaincodeStub(
            InMemoryLedger ledger, String txId, Instant timestamp, String mspId, List<String> args) {
        this(ledger, txId, timestamp, mspId, args, Map.of());
    }

    /** As above, with the client's transient map. */
    public InMemoryChaincodeStub(
            InMemoryLedger ledger,
            String txId,
            Instant timestamp,
            String mspId,
            List<String> args,
            Map<String, byte[]> transientData) {
        this(ledger, "provenance", txId, timestamp, TestIdentities.creator(mspId), mspId, args, transientData);
    }

    private InMemoryChaincodeStub(
            InMemoryLedger ledger,
            String channel,
            String txId,
            Instant timestamp,
            byte[] creator,
            String mspId,
            List<String> args,
            Map<String, byte[]> transientData) {
        this.ledger = ledger;
        this.channel = channel;
        this.txId = txId;
        this.timestamp = timestamp;
        this.mspId = mspId;
        this.creator = creator.clone();
        this.args = List.copyOf(args);
        this.transientData = Map.copyOf(transientData);
    }

    /**
     * A transaction as a peer simulates a client's proposal: the creator is the proposal's
     * serialized identity (its MSP id is the org whose peer runs the transaction here), the
     * arguments are the proposal's (function first), the transient map is the client's.
     *
     * @throws IllegalArgumentException when the creator bytes are not a serialized identity
     */
    public static InMemoryChaincodeStub forProposal(
            InMemoryLedger ledger,
            String channel,
            String txId,
            Instant timestamp,
            byte[] creator,
            List<String> args,
            Map<String, byte[]> transientData) {
        String mspId;
        try {
            mspId = SerializedIdentity.parseFrom(creator).getMspid();
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalArgumentException(
                    "the creator of transaction " + txId + " is not a serialized identity", e);
        }
        return new InMemoryChaincodeStub(ledger, channel, txId, timestamp, creator, mspId, args, transientData);
    }

    /** The keys this transaction read, with the versions they had (absent keys: no version). */
    public Map<String, InMemoryLedger.KeyVersion> reads() {
        return Collections.unmodifiableMap(reads);
    }

    /** Private data reads, keyed {@code collection/key}. */
    Map<String, InMemoryLedger.KeyVersion> privateReads() {
        return Collections.unmodifiableMap(privateReads);
    }

    public List<RangeRead> rangeReads() {
        return Collections.unmodifiableList(rangeReads);
    }

    Map<String, TreeMap<String, byte[]>> privateWrites() {
        return Collections.unmodifiableMap(privateWrites);
    }

    /** The buffered writes, by key; a deleted key maps to an empty array. */
    public Map<String, byte[]> writes() {
        return Collections.unmodifiableMap(writes);
    }

    Map<String, byte[]> validationParameterWrites() {
        return Collections.unmodifiableMap(validationParameterWrites);
    }

    public Optional<ChaincodeEvent> event() {
        return Optional.ofNullable(event);
    }

    /** What committing this transaction changes, should it validate. */
    public InMemoryLedger.Changes changes() {
        InMemoryLedger.Event committedEvent = event == null
                ? null
                : new InMemoryLedger.Event(
                        txId, event.getEventName(), event.getPayload().toByteArray());
        return new InMemoryLedger.Changes(
                txId,
                timestamp,
                writes,
                validationParameterWrites,
                Collections.<String, Map<String, byte[]>>unmodifiableMap(privateWrites),
                committedEvent);
    }

    public int pendingWriteCount() {
        return writes.size()
                + validationParameterWrites.size()
                + privateWrites.values().stream().mapToInt(Map::size).sum();
    }

    @Override
    public String getTxId() {
        return txId;
    }

    @Override
    public Instant getTxTimestamp() {
        return timestamp;
    }

    @Override
    public byte[] getCreator() {
        return creator.clone();
    }

    @Override
    public String getMspId() {
        return mspId;
    }

    @Override
    public String getChannelId() {
        return channel;
    }

    @Override
    public List<byte[]> getArgs() {
        return args.stream().map(arg -> arg.getBytes(StandardCharsets.UTF_8)).toList();
    }

    @Override
    public List<String> getStringArgs() {
        return args;
    }

    @Override
    public String getFunction() {
        return args.isEmpty() ? null : args.get(0);
    }

    @Override
    public List<String> getParameters() {
        return args.isEmpty() ? List.of() : args.subList(1, args.size());
    }

    @Override
    public byte[] getState(String key) {
        reads.putIfAbsent(key, ledger.version(key));
        byte[] value = ledger.state().get(key);
        return value == null ? new byte[0] : value.clone();
    }

    @Override
    public void putState(String key, byte[] value) {
        requireKey(key);
        if (value == null || value.length == 0) {
            throw new IllegalArgumentException("an empty value deletes on Fabric; use delState for " + key);
        }
        writes.put(key, value.clone());
    }

    @Override
    public void delState(String key) {
        requireKey(key);
        writes.put(key, DELETED);
    }

    @Override
    public byte[] getStateValidationParameter(String key) {
        byte[] value = ledger.validationParameter(key);
        return value == null ? null : value.clone();
    }

    @Override
    public void setStateValidationParameter(String key, byte[] value) {
        requireKey(key);
        validationParameterWrites.put(key, value.clone());
    }

    @Override
    public QueryResultsIterator<KeyValue> getStateByRange(String startKey, String endKey) {
        CompositeKey.validateSimpleKeys(startKey, endKey);
        String from = startKey.isEmpty() ? "\u0001" : startKey;
        return scan(from, endKey.isEmpty() ? null : endKey);
    }

    @Override
    public QueryResultsIterator<KeyValue> getStateByPartialCompositeKey(String compositeKey) {
        CompositeKey key = CompositeKey.parseCompositeKey(compositeKey);
        return getStateByPartialCompositeKey(key);
    }

    @Override
    public QueryResultsIterator<KeyValue> getStateByPartialCompositeKey(String objectType, String... attributes) {
        return getStateByPartialCompositeKey(new CompositeKey(objectType, attributes));
    }

    @Override
    public QueryResultsIterator<KeyValue> getStateByPartialCompositeKey(CompositeKey compositeKey) {
        String start = compositeKey.toString();
        return scan(start, start + MAX_UNICODE_RUNE);
    }

    @Override
    public CompositeKey createCompositeKey(String objectType, String... attributes) {
        return new CompositeKey(objectType, attributes);
    }

    @Override
    public CompositeKey splitCompositeKey(String compositeKey) {
        return CompositeKey.parseCompositeKey(compositeKey);
    }

    @Override
    public QueryResultsIterator<KeyModification> getHistoryForKey(String key) {
        List<KeyModification> newestFirst = new ArrayList<>();
        for (InMemoryLedger.Version version : ledger.history(key)) {
            newestFirst.add(0, new Modification(version));
        }
        return new ListIterator<>(newestFirst);
    }

    @Override
    public void setEvent(String name, byte[] payload) {
        if (name == null || name.isEmpty()) {
            throw new IllegalArgumentException("event name can not be nil string");
        }
        event = ChaincodeEvent.newBuilder()
                .setEventName(name)
                .setPayload(ByteString.copyFrom(payload))
                .build();
    }

    @Override
    public ChaincodeEvent getEvent() {
        return event;
    }

    private static void requireKey(String key) {
        if (key == null || key.isEmpty()) {
            throw new IllegalArgumentException("key must not be empty");
        }
    }

    /** A range scan of committed state, recorded for the phantom-read check; {@code end} exclusive, null: open. */
    private QueryResultsIterator<KeyValue> scan(String start, String end) {
        Map<String, byte[]> range = ledger.range(start, end);
        List<KeyValue> entries = new ArrayList<>();
        Map<String, InMemoryLedger.KeyVersion> seen = new LinkedHashMap<>();
        range.forEach((key, value) -> {
            entries.add(new Entry(key, value.clone()));
            seen.put(key, ledger.version(key));
        });
        rangeReads.add(new RangeRead(start, end, Collections.unmodifiableMap(seen)));
        return new ListIterator<>(entries);
    }

    private record Entry(String getKey, byte[] getValue) implements KeyValue {
        @Override
        public String getStringValue() {
            return new String(getValue, StandardCharsets.UTF_8);
        }
    }

    private record Modification(InMemoryLedger.Version version) implements KeyModification {
        @Override
        public String getTxId() {
            return version.txId();
        }

        @Override
        public byte[] getValue() {
            return version.value() == null ? new byte[0] : version.value().clone();
        }

        @Override
        public String getStringValue() {
            return new String(getValue(), StandardCharsets.UTF_8);
        }

        @Override
        public Instant getTimestamp() {
            return version.timestamp();
        }

        @Override
        public boolean isDeleted() {
            return version.value() == null;
        }
    }

    private record ListIterator<T>(List<T> items) implements QueryResultsIterator<T> {
        @Override
        public Iterator<T> iterator() {
            return items.iterator();
        }

        @Override
        public void close() {}
    }

    // Not used by the contract.

    @Override
    public Chaincode.Response invokeChaincode(String name, List<byte[]> args, String channel) {
        throw unsupported();
    }

    @Override
    public QueryResultsIteratorWithMetadata<KeyValue> getStateByRangeWithPagination(
            String s, String e, int n, String b) {
        throw unsupported();
    }

    @Override
    public QueryResultsIteratorWithMetadata<KeyValue> getStateByPartialCompositeKeyWithPagination(
            CompositeKey k, int n, String b) {
        throw unsupported();
    }

    @Override
    public QueryResultsIterator<KeyValue> getQueryResult(String query) {
        throw new UnsupportedOperationException("LevelDB has no rich queries");
    }

    @Override
    public QueryResultsIteratorWithMetadata<KeyValue> getQueryResultWithPagination(String q, int n, String b) {
        throw new UnsupportedOperationException("LevelDB has no rich queries");
    }

    @Override
    public byte[] getPrivateData(String collection, String key) {
        if (!ledger.collection(collection).contains(mspId)) {
            throw new IllegalStateException("tx creator does not have read access permission on privatedata in "
                    + "chaincodeName:provenance collectionName: " + collection + " (" + mspId + " is not a member)");
        }
        privateReads.putIfAbsent(InMemoryLedger.privateKey(collection, key), ledger.privateVersion(collection, key));
        byte[] value = ledger.privateState(collection).get(key);
        return value == null ? new byte[0] : value.clone();
    }

    @Override
    public byte[] getPrivateDataHash(String collection, String key) {
        throw unsupported();
    }

    @Override
    public byte[] getPrivateDataValidationParameter(String collection, String key) {
        throw unsupported();
    }

    @Override
    public void putPrivateData(String collection, String key, byte[] value) {
        requireKey(key);
        if (!ledger.collection(collection).contains(mspId)) {
            throw new IllegalStateException("tx creator does not have write access permission on privatedata in "
                    + "chaincodeName:provenance collectionName: " + collection + " (" + mspId + " is not a member)");
        }
        if (value == null || value.length == 0) {
            throw new IllegalArgumentException("an empty value deletes on Fabric; use delPrivateData for " + key);
        }
        privateWrites.computeIfAbsent(collection, name -> new TreeMap<>()).put(key, value.clone());
    }

    @Override
    public void setPrivateDataValidationParameter(String collection, String key, byte[] value) {
        throw unsupported();
    }

    @Override
    public void delPrivateData(String collection, String key) {
        throw unsupported();
    }

    @Override
    public void purgePrivateData(String collection, String key) {
        throw unsupported();
    }

    @Override
    public QueryResultsIterator<KeyValue> getPrivateDataByRange(String collection, String s, String e) {
        throw unsupported();
    }

    @Override
    public QueryResultsIterator<KeyValue> getPrivateDataByPartialCompositeKey(String collection, String key) {
        throw unsupported();
    }

    @Override
    public QueryResultsIterator<KeyValue> getPrivateDataByPartialCompositeKey(String collection, CompositeKey key) {
        throw unsupported();
    }

    @Override
    public QueryResultsIterator<KeyValue> getPrivateDataByPartialCompositeKey(
            String collection, String type, String... attributes) {
        throw unsupported();
    }

    @Override
    public QueryResultsIterator<KeyValue> getPrivateDataQueryResult(String collection, String query) {
        throw unsupported();
    }

    @Override
    public SignedProposal getSignedProposal() {
        throw unsupported();
    }

    @Override
    public Map<String, byte[]> getTransient() {
        Map<String, byte[]> copy = new HashMap<>();
        transientData.forEach((name, value) -> copy.put(name, value.clone()));
        return copy;
    }

    @Override
    public byte[] getBinding() {
        throw unsupported();
    }

    private static UnsupportedOperationException unsupported() {
        return new UnsupportedOperationException("not used by the provenance contract");
    }
}
