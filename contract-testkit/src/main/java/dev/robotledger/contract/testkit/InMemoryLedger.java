package dev.robotledger.contract.testkit;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import org.hyperledger.fabric.protos.peer.TxValidationCode;

/**
 * Committed world state of one chaincode outside Fabric: values and key-level validation
 * parameters in key order (as LevelDB keeps them), the history of every key, private data, and
 * the events of committed transactions. Transactions run on an {@link InMemoryChaincodeStub} and
 * are applied here only when they commit. Private data collections and their member orgs are
 * given at construction, as a peer learns them from the chaincode definition
 * ({@link CollectionsConfig} reads them from a {@code collections_config.json}).
 *
 * <p>Commit validates as a peer's committer does before it applies anything: a transaction id
 * committed before is {@code DUPLICATE_TXID}; a key the transaction read whose version changed
 * since (written or deleted by a later commit) is {@code MVCC_READ_CONFLICT}; a range scan that
 * would now return other keys or versions is {@code PHANTOM_READ_CONFLICT}. Endorsement policies,
 * key-level ones included, are not checked.
 */
public final class InMemoryLedger {

    /** One committed version of a key. */
    public record Version(String txId, Instant timestamp, byte[] value) {}

    /** The one chaincode event of a committed transaction. */
    public record Event(String txId, String name, byte[] payload) {}

    /** The version of a key: the block and the transaction within it that last wrote it, as Fabric versions keys. */
    public record KeyVersion(long blockNumber, long txNumber) {}

    /**
     * Everything a VALID transaction changes: public writes (an empty value deletes the key),
     * validation parameters, private writes by collection, and its event ({@code null} when it
     * set none). Applying the same changes in the same order rebuilds the same state.
     */
    public record Changes(
            String txId,
            Instant timestamp,
            Map<String, byte[]> writes,
            Map<String, byte[]> validationParameters,
            Map<String, Map<String, byte[]>> privateWrites,
            Event event) {
        public Changes {
            writes = Collections.unmodifiableMap(new TreeMap<>(writes));
            validationParameters = Collections.unmodifiableMap(new TreeMap<>(validationParameters));
            privateWrites = Collections.unmodifiableMap(new TreeMap<>(privateWrites));
        }
    }

    private final TreeMap<String, byte[]> state = new TreeMap<>();
    private final TreeMap<String, byte[]> validationParameters = new TreeMap<>();
    private final Map<String, List<Version>> history = new HashMap<>();
    private final List<Event> events = new ArrayList<>();
    private final Map<String, Set<String>> collectionMembers;
    private final Map<String, TreeMap<String, byte[]>> privateState = new TreeMap<>();
    private final Map<String, KeyVersion> versions = new HashMap<>();
    private final Map<String, KeyVersion> privateVersions = new HashMap<>();
    private final Set<String> committedTxIds = new HashSet<>();
    private long commitSequence;

    /** @param collectionMembers the member MSP ids of each private data collection, by collection name */
    public InMemoryLedger(Map<String, Set<String>> collectionMembers) {
        this.collectionMembers = Map.copyOf(collectionMembers);
    }

    NavigableMap<String, byte[]> state() {
        return state;
    }

    /** The committed validation parameter (key-level endorsement policy) of a key; null when it has none. */
    public byte[] validationParameter(String key) {
        return validationParameters.get(key);
    }

    /** The member MSP ids of a collection; an undefined collection is refused as the peer refuses it. */
    Set<String> collection(String name) {
        Set<String> members = collectionMembers.get(name);
        if (members == null) {
            throw new IllegalStateException("collection " + name + " is not defined in collections_config.json");
        }
        return members;
    }

    NavigableMap<String, byte[]> privateState(String collection) {
        return privateState.getOrDefault(collection, new TreeMap<>());
    }

    List<Version> history(String key) {
        return history.getOrDefault(key, List.of());
    }

    /** The committed public world state, read-only, in key order. */
    public NavigableMap<String, byte[]> committedState() {
        return Collections.unmodifiableNavigableMap(state);
    }

    /** The committed range {@code [start, end)}, {@code end} null for no bound. */
    NavigableMap<String, byte[]> range(String start, String end) {
        return end == null ? state.tailMap(start, true) : state.subMap(start, true, end, false);
    }

    /** The committed version of a key; null when the key is absent. */
    public KeyVersion version(String key) {
        return versions.get(key);
    }

    KeyVersion privateVersion(String collection, String key) {
        return privateVersions.get(privateKey(collection, key));
    }

    static String privateKey(String collection, String key) {
        return collection + "/" + key;
    }

    /**
     * Validates and, when {@code VALID}, commits a transaction on its own, as if in a block of
     * its own numbered by commit order.
     */
    public TxValidationCode commit(InMemoryChaincodeStub tx) {
        return commit(tx, commitSequence + 1, 0);
    }

    /**
     * Validates a simulated transaction against the committed state, as the peer does when the
     * transaction's block arrives, and applies its writes only when it is {@code VALID}; the
     * writes take the version {@code (blockNumber, txNumber)}.
     */
    public TxValidationCode commit(InMemoryChaincodeStub tx, long blockNumber, int txNumber) {
        TxValidationCode code = validate(tx);
        if (code == TxValidationCode.VALID) {
            apply(tx.changes(), blockNumber, txNumber);
        }
        return code;
    }

    /**
     * Applies the changes of a transaction that validated {@code VALID} at {@code (blockNumber,
     * txNumber)}, without validating again: how a restarted peer rebuilds its state from its blocks.
     */
    public void apply(Changes changes, long blockNumber, int txNumber) {
        commitSequence = Math.max(commitSequence, blockNumber);
        committedTxIds.add(changes.txId());
        KeyVersion version = new KeyVersion(blockNumber, txNumber);
        changes.writes().forEach((key, value) -> {
            boolean deleted = value.length == 0;
            if (deleted) {
                state.remove(key);
                versions.remove(key);
            } else {
                state.put(key, value.clone());
                versions.put(key, version);
            }
            history.computeIfAbsent(key, k -> new ArrayList<>())
                    .add(new Version(changes.txId(), changes.timestamp(), deleted ? null : value.clone()));
        });
        changes.validationParameters().forEach((key, value) -> validationParameters.put(key, value.clone()));
        changes.privateWrites()
                .forEach((collection, writes) -> writes.forEach((key, value) -> {
                    privateState
                            .computeIfAbsent(collection, name -> new TreeMap<>())
                            .put(key, value.clone());
                    privateVersions.put(privateKey(collection, key), version);
                }));
        if (changes.event() != null) {
            events.add(changes.event());
        }
    }

    /**
     * What the peer's committer would decide for a simulated transaction against the committed
     * state now, without applying it: {@code VALID}, {@code DUPLICATE_TXID},
     * {@code MVCC_READ_CONFLICT} or {@code PHANTOM_READ_CONFLICT}.
     */
    public TxValidationCode validate(InMemoryChaincodeStub tx) {
        if (committedTxIds.contains(tx.getTxId())) {
            return TxValidationCode.DUPLICATE_TXID;
        }
        boolean stale = tx.reads().entrySet().stream()
                        .anyMatch(read -> !Objects.equals(read.getValue(), versions.get(read.getKey())))
                || tx.privateReads().entrySet().stream()
                        .anyMatch(read -> !Objects.equals(read.getValue(), privateVersions.get(read.getKey())));
        if (stale) {
            return TxValidationCode.MVCC_READ_CONFLICT;
        }
        for (InMemoryChaincodeStub.RangeRead scanned : tx.rangeReads()) {
            Map<String, KeyVersion> now = new LinkedHashMap<>();
            range(scanned.startKey(), scanned.endKey()).keySet().forEach(key -> now.put(key, versions.get(key)));
            if (!now.equals(scanned.results())) {
                return TxValidationCode.PHANTOM_READ_CONFLICT;
            }
        }
        return TxValidationCode.VALID;
    }

    /**
     * Every value, validation parameter and private value as hex, for byte-for-byte comparisons of
     * whole states; keys are prefixed {@code state:}, {@code validation:} and {@code private:<collection>:}.
     */
    public Map<String, String> snapshot() {
        Map<String, String> copy = new TreeMap<>();
        state.forEach((key, value) -> copy.put("state:" + key, HexFormat.of().formatHex(value)));
        validationParameters.forEach(
                (key, value) -> copy.put("validation:" + key, HexFormat.of().formatHex(value)));
        privateState.forEach((collection, values) -> values.forEach((key, value) ->
                copy.put("private:" + collection + ":" + key, HexFormat.of().formatHex(value))));
        return copy;
    }

    /** The public world state as text: what every peer of the channel holds. */
    public List<String> publicValues() {
        return state.values().stream()
                .map(value -> new String(value, StandardCharsets.UTF_8))
                .toList();
    }

    public List<Event> events() {
        return List.copyOf(events);
    }

    public int keyCount() {
        return state.size();
    }
}
