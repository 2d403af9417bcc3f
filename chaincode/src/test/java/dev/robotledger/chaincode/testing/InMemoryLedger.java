package dev.robotledger.chaincode.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
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
import java.util.Objects;
import java.util.NavigableMap;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.hyperledger.fabric.protos.peer.TxValidationCode;

/**
 * Committed world state for unit tests: values and key-level validation parameters in key order
 * (as LevelDB keeps them), the history of every key, and the events of committed transactions.
 * Transactions run on a {@link FakeChaincodeStub} and are applied here only when they commit.
 * Private data collections, and their member orgs, come from the chaincode's own
 * {@code collections_config.json} (on the test class path), as a peer learns them at chaincode
 * definition.
 *
 * <p>Commit validates as a peer's committer does before it applies anything: a transaction id
 * committed before is {@code DUPLICATE_TXID}; a key the transaction read whose version changed
 * since (written or deleted by a later commit) is {@code MVCC_READ_CONFLICT}; a range scan that
 * would now return other keys or versions is {@code PHANTOM_READ_CONFLICT}. Endorsement policies,
 * key-level ones included, are not checked.
 */
public final class InMemoryLedger {

    /** One committed version of a key. */
    public record Version(String txId, Instant timestamp, byte[] value) {
    }

    /** The one chaincode event of a committed transaction. */
    public record Event(String txId, String name, byte[] payload) {
    }

    /** The version of a key: the block and the transaction within it that last wrote it, as Fabric versions keys. */
    public record KeyVersion(long blockNumber, long txNumber) {
    }

    private static final Pattern MEMBER = Pattern.compile("'([A-Za-z0-9_.\\-]+)\\.member'");
    private final TreeMap<String, byte[]> state = new TreeMap<>();
    private final TreeMap<String, byte[]> validationParameters = new TreeMap<>();
    private final Map<String, List<Version>> history = new HashMap<>();
    private final List<Event> events = new ArrayList<>();
    private final Map<String, Set<String>> collectionMembers = collectionMembers();
    private final Map<String, TreeMap<String, byte[]>> privateState = new TreeMap<>();
    private final Map<String, KeyVersion> versions = new HashMap<>();
    private final Map<String, KeyVersion> privateVersions = new HashMap<>();
    private final Set<String> committedTxIds = new HashSet<>();
    private long commitSequence;

    NavigableMap<String, byte[]> state() {
        return state;
    }

    byte[] validationParameter(String key) {
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
    public TxValidationCode commit(FakeChaincodeStub tx) {
        return commit(tx, commitSequence + 1, 0);
    }

    /**
     * Validates a simulated transaction against the committed state, as the peer does when the
     * transaction's block arrives, and applies its writes only when it is {@code VALID}; the
     * writes take the version {@code (blockNumber, txNumber)}.
     */
    public TxValidationCode commit(FakeChaincodeStub tx, long blockNumber, int txNumber) {
        TxValidationCode code = validate(tx);
        if (code != TxValidationCode.VALID) {
            return code;
        }
        commitSequence = Math.max(commitSequence, blockNumber);
        committedTxIds.add(tx.getTxId());
        KeyVersion version = new KeyVersion(blockNumber, txNumber);
        tx.writes().forEach((key, value) -> {
            if (value == FakeChaincodeStub.DELETED) {
                state.remove(key);
                versions.remove(key);
            } else {
                state.put(key, value);
                versions.put(key, version);
            }
            history.computeIfAbsent(key, k -> new ArrayList<>())
                    .add(new Version(tx.getTxId(), tx.getTxTimestamp(), value == FakeChaincodeStub.DELETED ? null : value));
        });
        validationParameters.putAll(tx.validationParameterWrites());
        tx.privateWrites().forEach((collection, writes) -> {
            privateState.computeIfAbsent(collection, name -> new TreeMap<>()).putAll(writes);
            writes.keySet().forEach(key -> privateVersions.put(privateKey(collection, key), version));
        });
        tx.event().ifPresent(event -> events.add(new Event(tx.getTxId(), event.getEventName(),
                event.getPayload().toByteArray())));
        return TxValidationCode.VALID;
    }

    private TxValidationCode validate(FakeChaincodeStub tx) {
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
        for (FakeChaincodeStub.RangeRead scanned : tx.rangeReads()) {
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
        validationParameters.forEach((key, value) -> copy.put("validation:" + key, HexFormat.of().formatHex(value)));
        privateState.forEach((collection, values) -> values.forEach((key, value) ->
                copy.put("private:" + collection + ":" + key, HexFormat.of().formatHex(value))));
        return copy;
    }

    /** The public world state as text: what every peer of the channel holds. */
    public List<String> publicValues() {
        return state.values().stream().map(value -> new String(value, StandardCharsets.UTF_8)).toList();
    }

    private static Map<String, Set<String>> collectionMembers() {
        // The module's own collections_config.json, copied onto the test class path by the pom, so
        // that tests of other modules (through the test-jar) read the same definition.
        try (InputStream config = InMemoryLedger.class.getResourceAsStream("/collections_config.json")) {
            if (config == null) {
                throw new IllegalStateException("collections_config.json is not on the class path");
            }
            Map<String, Set<String>> members = new TreeMap<>();
            for (JsonNode collection : new ObjectMapper().readTree(config)) {
                Set<String> orgs = new TreeSet<>();
                Matcher member = MEMBER.matcher(collection.get("policy").asText());
                while (member.find()) {
                    orgs.add(member.group(1));
                }
                members.put(collection.get("name").asText(), Set.copyOf(orgs));
            }
            return members;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read collections_config.json from the class path", e);
        }
    }

    public List<Event> events() {
        return List.copyOf(events);
    }

    public int keyCount() {
        return state.size();
    }
}
