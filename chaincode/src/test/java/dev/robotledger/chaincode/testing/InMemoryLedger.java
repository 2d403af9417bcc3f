package dev.robotledger.chaincode.testing;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;

/**
 * Committed world state for unit tests: values and key-level validation parameters in key order
 * (as LevelDB keeps them), the history of every key, and the events of committed transactions.
 * Transactions run on a {@link FakeChaincodeStub} and are applied here only when they commit.
 */
public final class InMemoryLedger {

    /** One committed version of a key. */
    public record Version(String txId, Instant timestamp, byte[] value) {
    }

    /** The one chaincode event of a committed transaction. */
    public record Event(String txId, String name, byte[] payload) {
    }

    private final TreeMap<String, byte[]> state = new TreeMap<>();
    private final TreeMap<String, byte[]> validationParameters = new TreeMap<>();
    private final Map<String, List<Version>> history = new HashMap<>();
    private final List<Event> events = new ArrayList<>();

    NavigableMap<String, byte[]> state() {
        return state;
    }

    byte[] validationParameter(String key) {
        return validationParameters.get(key);
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
        tx.event().ifPresent(event -> events.add(new Event(tx.getTxId(), event.getEventName(),
                event.getPayload().toByteArray())));
    }

    /** Every value and validation parameter as hex, for byte-for-byte comparisons of whole states. */
    public Map<String, String> snapshot() {
        Map<String, String> copy = new TreeMap<>();
        state.forEach((key, value) -> copy.put("state:" + key, HexFormat.of().formatHex(value)));
        validationParameters.forEach((key, value) -> copy.put("validation:" + key, HexFormat.of().formatHex(value)));
        return copy;
    }

    public List<Event> events() {
        return List.copyOf(events);
    }

    public int keyCount() {
        return state.size();
    }
}
