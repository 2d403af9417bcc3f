package dev.robotledger.chaincode.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Committed world state for unit tests: values and key-level validation parameters in key order
 * (as LevelDB keeps them), the history of every key, and the events of committed transactions.
 * Transactions run on a {@link FakeChaincodeStub} and are applied here only when they commit.
 * Private data collections, and their member orgs, come from the chaincode's own
 * {@code collections_config.json}, as a peer learns them at chaincode definition.
 */
public final class InMemoryLedger {

    /** One committed version of a key. */
    public record Version(String txId, Instant timestamp, byte[] value) {
    }

    /** The one chaincode event of a committed transaction. */
    public record Event(String txId, String name, byte[] payload) {
    }

    private static final Pattern MEMBER = Pattern.compile("'([A-Za-z0-9_.\\-]+)\\.member'");
    private final TreeMap<String, byte[]> state = new TreeMap<>();
    private final TreeMap<String, byte[]> validationParameters = new TreeMap<>();
    private final Map<String, List<Version>> history = new HashMap<>();
    private final List<Event> events = new ArrayList<>();
    private final Map<String, Set<String>> collectionMembers = collectionMembers(Path.of("collections_config.json"));
    private final Map<String, TreeMap<String, byte[]>> privateState = new TreeMap<>();

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

    void commit(FakeChaincodeStub tx) {
        tx.writes().forEach((key, value) -> {
            if (value == FakeChaincodeStub.DELETED) {
                state.remove(key);
            } else {
                state.put(key, value);
            }
            history.computeIfAbsent(key, k -> new ArrayList<>())
                    .add(new Version(tx.getTxId(), tx.getTxTimestamp(), value == FakeChaincodeStub.DELETED ? null : value));
        });
        validationParameters.putAll(tx.validationParameterWrites());
        tx.privateWrites().forEach((collection, writes) ->
                privateState.computeIfAbsent(collection, name -> new TreeMap<>()).putAll(writes));
        tx.event().ifPresent(event -> events.add(new Event(tx.getTxId(), event.getEventName(),
                event.getPayload().toByteArray())));
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

    private static Map<String, Set<String>> collectionMembers(Path config) {
        try {
            Map<String, Set<String>> members = new TreeMap<>();
            for (JsonNode collection : new ObjectMapper().readTree(config.toFile())) {
                Set<String> orgs = new TreeSet<>();
                Matcher member = MEMBER.matcher(collection.get("policy").asText());
                while (member.find()) {
                    orgs.add(member.group(1));
                }
                members.put(collection.get("name").asText(), Set.copyOf(orgs));
            }
            return members;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + config.toAbsolutePath(), e);
        }
    }

    public List<Event> events() {
        return List.copyOf(events);
    }

    public int keyCount() {
        return state.size();
    }
}
