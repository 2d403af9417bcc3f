package dev.robotledger.wire.message;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.robotledger.wire.merkle.Digest;
import dev.robotledger.wire.merkle.InclusionProof;
import dev.robotledger.wire.merkle.MerkleTree;
import dev.robotledger.wire.message.WireFormatException.Reason;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The payload of a {@link MessageType#TELEMETRY_WINDOW} envelope: consecutive readings of one robot
 * sealed by the Merkle root of their {@link Reading#leafBytes(String) leaf bytes}. The envelope's
 * signature covers the header ({@code firstReadingSeq}, {@code readingCount}, {@code merkleRoot})
 * but not the readings array, so one reading can later be proven with its Merkle path alone.
 */
public final class TelemetryWindow {

    /** Most readings one window may carry. */
    public static final int MAX_READINGS = 4096;

    static final String READINGS = "readings";
    private static final Set<String> FIELDS = Set.of("firstReadingSeq", "readingCount", "merkleRoot", READINGS);

    private final String robotId;
    private final List<Reading> readings;
    private final List<byte[]> leaves;
    private final MerkleTree tree;

    private TelemetryWindow(String robotId, List<Reading> readings) {
        this.robotId = Json.checkId("robotId", robotId, null);
        if (readings.isEmpty() || readings.size() > MAX_READINGS) {
            throw new WireFormatException(
                    Reason.OUT_OF_RANGE,
                    robotId,
                    "a window holds 1 to " + MAX_READINGS + " readings, got " + readings.size());
        }
        this.readings = List.copyOf(readings);
        long first = this.readings.get(0).readingSeq();
        List<byte[]> leaves = new ArrayList<>(readings.size());
        for (int i = 0; i < this.readings.size(); i++) {
            Reading reading = this.readings.get(i);
            if (reading.readingSeq() != first + i) {
                throw new WireFormatException(
                        Reason.OUT_OF_RANGE,
                        robotId,
                        "readings must be consecutive: position " + i + " holds readingSeq " + reading.readingSeq()
                                + ", expected " + (first + i));
            }
            leaves.add(reading.leafBytes(robotId));
        }
        this.leaves = leaves;
        this.tree = MerkleTree.ofLeaves(leaves);
    }

    /** Seals consecutive readings of one robot into a window. */
    public static TelemetryWindow seal(String robotId, List<Reading> readings) {
        return new TelemetryWindow(robotId, readings);
    }

    /** Reads a window payload and checks that its readings match its header and Merkle root. */
    public static TelemetryWindow fromPayload(String robotId, JsonNode payload) {
        if (!payload.isObject()) {
            throw new WireFormatException(Reason.WRONG_TYPE, robotId, "a telemetry window payload must be an object");
        }
        Json.onlyFields(payload, FIELDS, "telemetry window", robotId);
        long first = Json.longField(payload, "firstReadingSeq", robotId);
        long count = Json.longField(payload, "readingCount", robotId);
        Digest claimedRoot = digestField(payload, "merkleRoot", robotId);
        JsonNode items = Json.arrayField(payload, READINGS, robotId);
        if (items.size() != count) {
            throw new WireFormatException(
                    Reason.SEAL_MISMATCH,
                    robotId,
                    "readingCount says " + count + " but the window carries " + items.size() + " readings");
        }
        List<Reading> readings = new ArrayList<>(items.size());
        for (JsonNode item : items) {
            readings.add(Reading.fromJson(item, robotId));
        }
        TelemetryWindow window = new TelemetryWindow(robotId, readings);
        if (window.firstReadingSeq() != first) {
            throw new WireFormatException(
                    Reason.SEAL_MISMATCH,
                    robotId,
                    "firstReadingSeq says " + first + " but the first reading is " + window.firstReadingSeq());
        }
        if (!window.merkleRoot().equals(claimedRoot)) {
            throw new WireFormatException(
                    Reason.SEAL_MISMATCH,
                    robotId,
                    "the readings of window starting at reading " + first + " do not hash to its merkleRoot "
                            + claimedRoot);
        }
        return window;
    }

    public String robotId() {
        return robotId;
    }

    /**
     * Each reading's {@link Reading#leafBytes(String) leaf bytes}, in order: computed once while the
     * seal was checked, so a journal need not canonicalize every reading again. Copies.
     */
    public List<byte[]> readingLeafBytes() {
        return leaves.stream().map(byte[]::clone).toList();
    }

    public List<Reading> readings() {
        return readings;
    }

    public long firstReadingSeq() {
        return readings.get(0).readingSeq();
    }

    public int readingCount() {
        return readings.size();
    }

    public Digest merkleRoot() {
        return tree.root();
    }

    /** The proof that the reading at {@code index} (0-based within this window) is under {@link #merkleRoot()}. */
    public InclusionProof inclusionProof(int index) {
        return tree.proof(index);
    }

    /** The envelope payload: the signed header plus the readings. */
    public ObjectNode toPayload() {
        ObjectNode payload = header(firstReadingSeq(), readingCount(), merkleRoot());
        ArrayNode items = payload.putArray(READINGS);
        readings.forEach(reading -> items.add(reading.toJson()));
        return payload;
    }

    static ObjectNode header(long firstReadingSeq, long readingCount, Digest merkleRoot) {
        ObjectNode header = Json.object();
        header.put("firstReadingSeq", firstReadingSeq);
        header.put("readingCount", readingCount);
        header.put("merkleRoot", merkleRoot.hex());
        return header;
    }

    static Digest digestField(JsonNode node, String name, String robotId) {
        String hex = Json.textField(node, name, robotId);
        try {
            return Digest.fromHex(hex);
        } catch (IllegalArgumentException e) {
            throw new WireFormatException(
                    Reason.WRONG_TYPE,
                    robotId,
                    "field '" + name + "' must be 64 hex characters, got " + Json.abbreviate(hex));
        }
    }
}
