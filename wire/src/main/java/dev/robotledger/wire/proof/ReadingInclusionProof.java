package dev.robotledger.wire.proof;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.robotledger.wire.crypto.EcdsaP256;
import dev.robotledger.wire.merkle.Digest;
import dev.robotledger.wire.merkle.InclusionProof;
import dev.robotledger.wire.merkle.MerkleTree;
import dev.robotledger.wire.message.Reading;
import dev.robotledger.wire.message.ReadingProof;
import dev.robotledger.wire.message.WireFormatException;
import dev.robotledger.wire.message.WireFormatException.Reason;
import dev.robotledger.wire.proof.ProofCheck.Outcome;
import dev.robotledger.wire.proof.ProofCheck.Step;
import java.io.IOException;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Attributes one reading to a robot's key and to the ledger: reading → window Merkle path →
 * window root signed by the robot → batch Merkle path over the signed window headers → batch
 * root → ledger anchor (once the gateway has one). Checked offline by {@link #verify(PublicKey)}.
 *
 * <pre>{@code
 * ReadingInclusionProof proof = ReadingInclusionProof.parse(Files.readAllBytes(file));
 * ProofVerification result = proof.verify(robotPublicKey);
 * result.checks().forEach(System.out::println);
 * }</pre>
 *
 * @param readingProof   the reading, its path to the window root, and the window's signed header
 * @param batchId        the gateway's id of the anchor batch (a look-up key, not signed by anyone)
 * @param batchRoot      the batch's Merkle root, the value anchored on the ledger
 * @param batchInclusion the window header leaf's position and path in the batch tree
 * @param anchor         the ledger transaction that carries {@code batchRoot}; empty while the
 *                       batch waits for submission
 */
public record ReadingInclusionProof(
        ReadingProof readingProof,
        long batchId,
        Digest batchRoot,
        InclusionProof batchInclusion,
        Optional<LedgerAnchor> anchor) {

    private static final ObjectMapper MAPPER = new ObjectMapper()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    private static final Set<String> FIELDS = Set.of("readingProof", "batch", "anchor");
    private static final Set<String> BATCH_FIELDS = Set.of("batchId", "root", "leafIndex", "leafCount", "path");
    private static final Set<String> ANCHOR_FIELDS = Set.of("transactionId", "blockNumber", "channel", "chaincode");

    public ReadingInclusionProof {
        Objects.requireNonNull(readingProof, "readingProof");
        Objects.requireNonNull(batchRoot, () -> "root of batch " + batchId);
        Objects.requireNonNull(batchInclusion, () -> "path in batch " + batchId);
        Objects.requireNonNull(anchor, () -> "anchor of batch " + batchId + " (use Optional.empty())");
        if (batchId < 0) {
            throw new IllegalArgumentException("batch id must not be negative, got " + batchId);
        }
    }

    /** The reading this proof is about. */
    public Reading reading() {
        return readingProof.reading();
    }

    /**
     * The window's signed header (RFC 8785 JSON of the envelope without readings and signature):
     * the bytes the robot signed and the leaf data of the batch tree.
     */
    public byte[] windowHeaderBytes() {
        return readingProof.signedWindowHeader();
    }

    /**
     * Checks every link with {@code robotKey} (the robot's registered P-256 key). Each check
     * reports on its own, so a tampered proof names every link it breaks.
     */
    public ProofVerification verify(PublicKey robotKey) {
        byte[] header = windowHeaderBytes();
        return new ProofVerification(
                List.of(signatureCheck(robotKey, header), readingPathCheck(), batchPathCheck(header), anchorCheck()));
    }

    private String window() {
        return "window " + readingProof.robotId() + "/" + readingProof.seq();
    }

    private ProofCheck signatureCheck(PublicKey robotKey, byte[] header) {
        byte[] signature = Base64.getDecoder().decode(readingProof.signature());
        if (EcdsaP256.verify(robotKey, header, signature)) {
            return new ProofCheck(
                    Step.WINDOW_SIGNATURE,
                    Outcome.PASSED,
                    "the key signed " + window() + " (readings "
                            + readingProof.firstReadingSeq() + ".."
                            + (readingProof.firstReadingSeq() + readingProof.readingCount() - 1)
                            + ", root " + readingProof.merkleRoot() + ")");
        }
        return new ProofCheck(
                Step.WINDOW_SIGNATURE,
                Outcome.FAILED,
                "the signature of " + window()
                        + " does not verify under the given key: another robot's key, or an altered window header or signature");
    }

    private ProofCheck readingPathCheck() {
        InclusionProof path = readingProof.inclusion();
        long readingSeq = readingProof.reading().readingSeq();
        String reading = "reading " + readingSeq + " of robot " + readingProof.robotId();
        if (path.leafCount() != readingProof.readingCount()) {
            return new ProofCheck(
                    Step.READING_PATH,
                    Outcome.FAILED,
                    "the path is for a tree of " + path.leafCount() + " leaves but " + window() + " holds "
                            + readingProof.readingCount() + " readings");
        }
        long expectedIndex = readingSeq - readingProof.firstReadingSeq();
        if (path.leafIndex() != expectedIndex) {
            return new ProofCheck(
                    Step.READING_PATH,
                    Outcome.FAILED,
                    reading + " must be leaf " + expectedIndex + " of " + window() + ", the path is for leaf "
                            + path.leafIndex());
        }
        return pathCheck(
                Step.READING_PATH,
                path,
                readingProof.leafHash(),
                readingProof.merkleRoot(),
                reading + " at leaf " + expectedIndex,
                "the signed root of " + window());
    }

    private ProofCheck batchPathCheck(byte[] header) {
        return pathCheck(
                Step.BATCH_PATH,
                batchInclusion,
                MerkleTree.leafHash(header),
                batchRoot,
                "the header of " + window() + " at leaf " + batchInclusion.leafIndex() + " of "
                        + batchInclusion.leafCount(),
                "the root of batch " + batchId);
    }

    private static ProofCheck pathCheck(
            Step step, InclusionProof path, Digest leaf, Digest expectedRoot, String what, String target) {
        Digest root;
        try {
            root = path.rootFrom(leaf);
        } catch (IllegalArgumentException wrongShape) {
            return new ProofCheck(step, Outcome.FAILED, what + ": " + wrongShape.getMessage());
        }
        if (!root.equals(expectedRoot)) {
            return new ProofCheck(
                    step, Outcome.FAILED, what + " leads to " + root + ", not to " + target + " " + expectedRoot);
        }
        return new ProofCheck(step, Outcome.PASSED, what + " leads to " + target + " " + expectedRoot);
    }

    private ProofCheck anchorCheck() {
        return anchor.map(ledger -> new ProofCheck(
                        Step.LEDGER_ANCHOR,
                        Outcome.PASSED,
                        "transaction "
                                + ledger.transactionId() + " in block " + ledger.blockNumber() + " on channel "
                                + ledger.channel()
                                + ", chaincode " + ledger.chaincode()
                                + " (as recorded by the gateway; compare with the ledger's"
                                + " anchor record of root " + batchRoot + ")"))
                .orElseGet(() -> new ProofCheck(
                        Step.LEDGER_ANCHOR, Outcome.ABSENT, "not yet (batch " + batchId + " pending submission)"));
    }

    /** The JSON form (see wire/README.md, "Reading inclusion proof"). */
    public ObjectNode toJson() {
        ObjectNode node = MAPPER.createObjectNode();
        node.set("readingProof", readingProof.toJson());
        ObjectNode batch = node.putObject("batch");
        batch.put("batchId", batchId);
        batch.put("root", batchRoot.hex());
        batch.put("leafIndex", batchInclusion.leafIndex());
        batch.put("leafCount", batchInclusion.leafCount());
        ArrayNode path = batch.putArray("path");
        batchInclusion.path().forEach(hash -> path.add(hash.hex()));
        anchor.ifPresentOrElse(
                ledger -> {
                    ObjectNode anchorNode = node.putObject("anchor");
                    anchorNode.put("transactionId", ledger.transactionId());
                    anchorNode.put("blockNumber", ledger.blockNumber());
                    anchorNode.put("channel", ledger.channel());
                    anchorNode.put("chaincode", ledger.chaincode());
                },
                () -> node.putNull("anchor"));
        return node;
    }

    /** The JSON form as UTF-8 bytes, indented for people who read proof files. */
    public byte[] toJsonBytes() {
        try {
            return MAPPER.writerWithDefaultPrettyPrinter().writeValueAsBytes(toJson());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a proof tree failed to serialize", e);
        }
    }

    /** Parses the JSON form; a {@link WireFormatException} names the faulty field. */
    public static ReadingInclusionProof parse(byte[] json) {
        JsonNode node;
        try {
            node = MAPPER.readTree(json);
        } catch (IOException e) {
            throw new WireFormatException(Reason.MALFORMED_JSON, null, "proof is not JSON: " + e.getMessage());
        }
        if (node == null || node.isMissingNode()) {
            throw new WireFormatException(Reason.MALFORMED_JSON, null, "empty proof");
        }
        return fromJson(node);
    }

    public static ReadingInclusionProof fromJson(JsonNode node) {
        onlyFields(node, FIELDS, "proof", null);
        ReadingProof readingProof = ReadingProof.fromJson(field(node, "readingProof", null));
        String robotId = readingProof.robotId();
        JsonNode batch = field(node, "batch", robotId);
        onlyFields(batch, BATCH_FIELDS, "batch", robotId);
        JsonNode pathNode = field(batch, "path", robotId);
        if (!pathNode.isArray()) {
            throw new WireFormatException(Reason.WRONG_TYPE, robotId, "field 'batch.path' must be an array");
        }
        List<Digest> path = new ArrayList<>(pathNode.size());
        for (int i = 0; i < pathNode.size(); i++) {
            path.add(digest(pathNode.get(i), "batch.path[" + i + "]", robotId));
        }
        try {
            InclusionProof batchInclusion = new InclusionProof(
                    integer(batch, "leafIndex", robotId), integer(batch, "leafCount", robotId), path);
            return new ReadingInclusionProof(
                    readingProof,
                    integer(batch, "batchId", robotId),
                    digest(field(batch, "root", robotId), "batch.root", robotId),
                    batchInclusion,
                    anchor(field(node, "anchor", robotId), robotId));
        } catch (WireFormatException e) {
            throw e;
        } catch (IllegalArgumentException e) {
            throw new WireFormatException(Reason.OUT_OF_RANGE, robotId, e.getMessage());
        }
    }

    private static Optional<LedgerAnchor> anchor(JsonNode node, String robotId) {
        if (node.isNull()) {
            return Optional.empty();
        }
        onlyFields(node, ANCHOR_FIELDS, "anchor", robotId);
        return Optional.of(new LedgerAnchor(
                text(node, "transactionId", robotId),
                integer(node, "blockNumber", robotId),
                text(node, "channel", robotId),
                text(node, "chaincode", robotId)));
    }

    private static JsonNode field(JsonNode object, String name, String robotId) {
        JsonNode value = object.get(name);
        if (value == null) {
            throw new WireFormatException(Reason.MISSING_FIELD, robotId, "field '" + name + "' is missing");
        }
        return value;
    }

    private static long integer(JsonNode object, String name, String robotId) {
        JsonNode value = field(object, name, robotId);
        if (!value.isIntegralNumber() || !value.canConvertToLong()) {
            throw new WireFormatException(Reason.WRONG_TYPE, robotId, "field '" + name + "' must be an integer");
        }
        return value.longValue();
    }

    private static String text(JsonNode object, String name, String robotId) {
        JsonNode value = field(object, name, robotId);
        if (!value.isTextual()) {
            throw new WireFormatException(Reason.WRONG_TYPE, robotId, "field '" + name + "' must be a string");
        }
        return value.textValue();
    }

    private static Digest digest(JsonNode value, String name, String robotId) {
        // Lower-case only, as written: one spelling per proof.
        if (!value.isTextual() || !value.textValue().matches("[0-9a-f]{64}")) {
            throw new WireFormatException(
                    Reason.WRONG_TYPE, robotId, "field '" + name + "' must be 64 lower-case hex characters");
        }
        return Digest.fromHex(value.textValue());
    }

    private static void onlyFields(JsonNode object, Set<String> allowed, String where, String robotId) {
        if (!object.isObject()) {
            throw new WireFormatException(Reason.WRONG_TYPE, robotId, where + " must be a JSON object");
        }
        for (Iterator<String> names = object.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!allowed.contains(name)) {
                throw new WireFormatException(
                        Reason.UNKNOWN_FIELD, robotId, where + " has unknown field '" + name + "'");
            }
        }
    }
}
