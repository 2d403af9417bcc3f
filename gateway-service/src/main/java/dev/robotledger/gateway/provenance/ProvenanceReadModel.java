package dev.robotledger.gateway.provenance;

import dev.robotledger.contract.CustodyAction;
import dev.robotledger.gateway.readmodel.LedgerDocument;
import dev.robotledger.gateway.readmodel.LedgerState;
import dev.robotledger.gateway.readmodel.SnapshotReads;
import dev.robotledger.gateway.readmodel.StoredGood;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.core.io.JsonStringEncoder;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Provenance answers from the read model, in the shapes the chaincode's queries answer them
 * ({@code GetGood}, {@code GetProvenance}, {@code GetGoodHistory}, {@code WhereUsed}), each with the
 * ledger height it is current to. Every answer reads one snapshot of the model, so a block
 * projected meanwhile never shows half in a tree.
 */
public final class ProvenanceReadModel {

    /** The chaincode's own bounds of a tree walk: a larger tree is refused, never truncated. */
    public static final int DEPTH_CAP = 32;

    public static final int NODE_CAP = 5_000;

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    /** A value and the ledger height (blocks projected) the read model was at when it was read. */
    public record Answer<T>(long ledgerHeight, T value) {}

    private final LedgerState state;
    private final SnapshotReads snapshot;
    private final ProvenanceTreeCache trees;

    public ProvenanceReadModel(LedgerState state, TransactionTemplate transactions, ProvenanceTreeCache trees) {
        this.state = state;
        this.trees = trees;
        this.snapshot = new SnapshotReads(transactions.getTransactionManager(), state);
    }

    /** @throws UnknownGoodException when the ledger (as far as projected) holds no such good */
    public Answer<JsonNode> good(String goodId) {
        return read(() -> goodDocument(goodId));
    }

    /**
     * The event id of the production that made the good, from its PRODUCED custody entry: writes
     * about a good name it, so the contract never applies them to another good that reused the id.
     *
     * @throws UnknownGoodException when the ledger (as far as projected) holds no such good
     */
    public String productionEventId(String goodId) {
        JsonNode good = good(goodId).value();
        for (JsonNode step : good.path("custodyHistory")) {
            if (CustodyAction.PRODUCED.name().equals(step.path("action").asString())) {
                return step.path("eventId").asString();
            }
        }
        throw new IllegalStateException("good " + goodId + " has no PRODUCED custody entry in the read model");
    }

    /** The good's versions, oldest first, each with the transaction and block that wrote it. */
    public Answer<List<LedgerDocument>> history(String goodId) {
        return read(() -> {
            goodDocument(goodId);
            return state.history("good", goodId);
        });
    }

    /** The products the good is built into: its direct parent first, the outermost product last. */
    public Answer<List<String>> whereUsed(String goodId) {
        return read(() -> {
            List<String> products = new ArrayList<>();
            JsonNode good = goodDocument(goodId);
            while (good.hasNonNull("parentId") && products.size() < DEPTH_CAP) {
                String parent = good.get("parentId").asString();
                products.add(parent);
                good = goodDocument(parent);
            }
            return products;
        });
    }

    /**
     * The tree under {@code goodId} as {@code GetProvenance} answers it:
     * {@code {goodId, nodeCount, depth, tree}}, each node {@code {depth, good, robot, parts}}.
     *
     * @throws ProvenanceTooLargeException when the tree is deeper or larger than the bounds
     */
    public Answer<ProvenanceTree> provenance(String goodId, int maxDepth, int maxNodes) {
        Answer<byte[]> json = provenanceJson(goodId, maxDepth, maxNodes);
        return new Answer<>(
                json.ledgerHeight(), ProvenanceTree.fromJson(new String(json.value(), StandardCharsets.UTF_8)));
    }

    /**
     * The same tree as the chaincode's JSON (UTF-8), every field of its records kept: each good's
     * JSON exactly as the ledger holds it, never parsed and printed again.
     */
    public Answer<byte[]> provenanceJson(String goodId, int maxDepth, int maxNodes) {
        if (maxDepth < 0 || maxDepth > DEPTH_CAP) {
            throw new IllegalArgumentException("maxDepth " + maxDepth + " is outside 0.." + DEPTH_CAP);
        }
        if (maxNodes < 1 || maxNodes > NODE_CAP) {
            throw new IllegalArgumentException("maxNodes " + maxNodes + " is outside 1.." + NODE_CAP);
        }
        ProvenanceTreeCache.Key key = new ProvenanceTreeCache.Key(goodId, maxDepth, maxNodes);
        return trees.get(key).orElseGet(() -> {
            Answer<TreeWalk> walked = read(() -> new TreeWalk(goodId, maxDepth, maxNodes).walk());
            TreeWalk walk = walked.value();
            trees.offer(
                    key, new ProvenanceTreeCache.Entry(walk.json, walk.goodIds, walk.robotIds, walked.ledgerHeight()));
            return new Answer<>(walked.ledgerHeight(), walk.json);
        });
    }

    /**
     * The same tree compressed, for clients that accept gzip: kept with the cached tree, so a tree
     * is compressed once until a block changes it.
     */
    public Answer<DeflatedJson> provenanceDeflated(String goodId, int maxDepth, int maxNodes) {
        ProvenanceTreeCache.Key key = new ProvenanceTreeCache.Key(goodId, maxDepth, maxNodes);
        return trees.getDeflated(key).orElseGet(() -> {
            Answer<byte[]> json = provenanceJson(goodId, maxDepth, maxNodes);
            DeflatedJson deflated = DeflatedJson.of(json.value());
            trees.attach(key, json.value(), deflated);
            return new Answer<>(json.ledgerHeight(), deflated);
        });
    }

    private <T> Answer<T> read(Supplier<T> query) {
        return snapshot.read(() -> {
            long height = state.height();
            return new Answer<>(height, query.get());
        });
    }

    private JsonNode goodDocument(String goodId) {
        return state.entity("good", goodId)
                .map(LedgerDocument::document)
                .orElseThrow(() -> new UnknownGoodException(goodId));
    }

    private record Node(int depth, StoredGood good, List<Node> parts) {}

    /** Walks the tree a level at a time: one query per level for the goods, one for all their robots. */
    private final class TreeWalk {

        private final String goodId;
        private final int maxDepth;
        private final int maxNodes;
        private final Set<String> robotIds = new LinkedHashSet<>();
        private final Set<String> goodIds = new HashSet<>();
        private byte[] json;
        private int nodeCount;
        private int depth;

        TreeWalk(String goodId, int maxDepth, int maxNodes) {
            this.goodId = goodId;
            this.maxDepth = maxDepth;
            this.maxNodes = maxNodes;
        }

        TreeWalk walk() {
            StoredGood rootGood = state.goods(List.of(goodId)).get(goodId);
            if (rootGood == null) {
                throw new UnknownGoodException(goodId);
            }
            Node root = new Node(0, rootGood, new ArrayList<>());
            nodeCount = 1;
            robotIds.add(rootGood.robotId());
            goodIds.add(goodId);
            List<Node> level = List.of(root);
            while (true) {
                Set<String> partIds = new LinkedHashSet<>();
                level.forEach(node -> partIds.addAll(node.good().partIds()));
                if (partIds.isEmpty()) {
                    break;
                }
                if (depth + 1 > maxDepth) {
                    throw new ProvenanceTooLargeException(
                            "provenance of good " + goodId + " is deeper than maxDepth " + maxDepth);
                }
                level = nextLevel(level, state.goods(partIds));
                depth++;
            }
            Map<String, byte[]> robots = robotSummaries();
            ByteArrayOutputStream out = new ByteArrayOutputStream(8_192);
            out.writeBytes(ascii("{\"depth\":" + depth + ",\"goodId\":"));
            out.writeBytes(quoted(goodId));
            out.writeBytes(ascii(",\"nodeCount\":" + nodeCount + ",\"tree\":"));
            write(root, robots, out);
            out.write('}');
            json = out.toByteArray();
            return this;
        }

        private List<Node> nextLevel(List<Node> level, Map<String, StoredGood> parts) {
            List<Node> next = new ArrayList<>();
            for (Node node : level) {
                for (String partId : node.good().partIds()) {
                    StoredGood part = parts.get(partId);
                    if (part == null) {
                        throw new ProvenanceFormatException("good "
                                + node.good().id() + " lists part " + partId + ", which the ledger does not hold");
                    }
                    if (++nodeCount > maxNodes) {
                        throw new ProvenanceTooLargeException(
                                "provenance of good " + goodId + " has more than maxNodes " + maxNodes + " goods");
                    }
                    Node child = new Node(node.depth() + 1, part, new ArrayList<>());
                    node.parts().add(child);
                    next.add(child);
                    robotIds.add(part.robotId());
                    goodIds.add(partId);
                }
            }
            return next;
        }

        private Map<String, byte[]> robotSummaries() {
            Map<String, LedgerDocument> robots = state.entities("robot", robotIds);
            Map<String, byte[]> summaries = new HashMap<>();
            for (String robotId : robotIds) {
                LedgerDocument robot = robots.get(robotId);
                if (robot == null) {
                    throw new ProvenanceFormatException("a good of the provenance of " + goodId + " names robot "
                            + robotId + ", which the ledger does not hold");
                }
                summaries.put(robotId, robotSummary(robot.document()).toString().getBytes(StandardCharsets.UTF_8));
            }
            return summaries;
        }

        // Keys in the chaincode's order (sorted): depth, good, parts, robot.
        private void write(Node node, Map<String, byte[]> robots, ByteArrayOutputStream out) {
            out.writeBytes(ascii("{\"depth\":" + node.depth() + ",\"good\":"));
            out.writeBytes(node.good().json());
            out.writeBytes(ascii(",\"parts\":["));
            for (int i = 0; i < node.parts().size(); i++) {
                if (i > 0) {
                    out.write(',');
                }
                write(node.parts().get(i), robots, out);
            }
            out.writeBytes(ascii("],\"robot\":"));
            out.writeBytes(robots.get(node.good().robotId()));
            out.write('}');
        }
    }

    private static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }

    private static byte[] quoted(String text) {
        byte[] escaped = JsonStringEncoder.getInstance().quoteAsUTF8(text);
        byte[] quoted = new byte[escaped.length + 2];
        quoted[0] = '"';
        System.arraycopy(escaped, 0, quoted, 1, escaped.length);
        quoted[quoted.length - 1] = '"';
        return quoted;
    }

    /** What a provenance node shows of a robot: its record without the public key. */
    private static ObjectNode robotSummary(JsonNode robot) {
        ObjectNode summary = NODES.objectNode();
        for (String field :
                List.of("enrolledAtEpochMillis", "id", "model", "ownerOrg", "revokedAtEpochMillis", "status")) {
            if (robot.hasNonNull(field)) {
                summary.set(field, robot.get(field));
            }
        }
        return summary;
    }
}
