package dev.robotledger.gateway.provenance;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.robotledger.gateway.readmodel.LedgerDocument;
import dev.robotledger.gateway.readmodel.LedgerState;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

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
    public record Answer<T>(long ledgerHeight, T value) {
    }

    private final LedgerState state;
    private final TransactionTemplate snapshot;

    public ProvenanceReadModel(LedgerState state, TransactionTemplate transactions) {
        this.state = state;
        this.snapshot = new TransactionTemplate(transactions.getTransactionManager());
        snapshot.setIsolationLevel(TransactionDefinition.ISOLATION_REPEATABLE_READ);
        snapshot.setReadOnly(true);
    }

    /** @throws UnknownGoodException when the ledger (as far as projected) holds no such good */
    public Answer<JsonNode> good(String goodId) {
        return read(() -> goodDocument(goodId));
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
                String parent = good.get("parentId").asText();
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
        Answer<JsonNode> json = provenanceJson(goodId, maxDepth, maxNodes);
        return new Answer<>(json.ledgerHeight(), ProvenanceTree.fromJson(json.value().toString()));
    }

    /** The same tree as the chaincode's JSON, every field of its records kept. */
    public Answer<JsonNode> provenanceJson(String goodId, int maxDepth, int maxNodes) {
        if (maxDepth < 0 || maxDepth > DEPTH_CAP) {
            throw new IllegalArgumentException("maxDepth " + maxDepth + " is outside 0.." + DEPTH_CAP);
        }
        if (maxNodes < 1 || maxNodes > NODE_CAP) {
            throw new IllegalArgumentException("maxNodes " + maxNodes + " is outside 1.." + NODE_CAP);
        }
        return read(() -> tree(goodId, maxDepth, maxNodes));
    }

    private <T> Answer<T> read(Supplier<T> query) {
        return snapshot.execute(status -> {
            long height = state.height();
            return new Answer<>(height, query.get());
        });
    }

    private JsonNode goodDocument(String goodId) {
        return state.entity("good", goodId).map(LedgerDocument::document)
                .orElseThrow(() -> new UnknownGoodException(goodId));
    }

    /** Walks the tree a level at a time: one query per level for the goods, one for their robots. */
    private ObjectNode tree(String goodId, int maxDepth, int maxNodes) {
        JsonNode rootGood = goodDocument(goodId);
        Map<String, ObjectNode> robots = new HashMap<>();
        ObjectNode root = node(0, rootGood);
        List<ObjectNode> level = List.of(root);
        int nodeCount = 1;
        int depth = 0;
        while (true) {
            Set<String> partIds = new LinkedHashSet<>();
            Set<String> robotIds = new LinkedHashSet<>();
            for (ObjectNode node : level) {
                node.get("good").withArray("partIds").forEach(part -> partIds.add(part.asText()));
                robotIds.add(node.get("good").get("production").get("robotId").asText());
            }
            robotIds.removeAll(robots.keySet());
            state.entities("robot", robotIds).forEach((id, robot) -> robots.put(id, robotSummary(robot.document())));
            for (ObjectNode node : level) {
                String robotId = node.get("good").get("production").get("robotId").asText();
                ObjectNode robot = robots.get(robotId);
                if (robot == null) {
                    throw new ProvenanceFormatException("good " + node.get("good").get("id").asText()
                            + " names robot " + robotId + ", which the ledger does not hold");
                }
                node.set("robot", robot);
            }
            if (partIds.isEmpty()) {
                break;
            }
            if (depth + 1 > maxDepth) {
                throw new ProvenanceTooLargeException("provenance of good " + goodId + " is deeper than maxDepth "
                        + maxDepth);
            }
            Map<String, LedgerDocument> parts = state.entities("good", partIds);
            List<ObjectNode> next = new ArrayList<>();
            for (ObjectNode node : level) {
                ArrayNode children = node.putArray("parts");
                for (JsonNode partId : node.get("good").withArray("partIds")) {
                    LedgerDocument part = parts.get(partId.asText());
                    if (part == null) {
                        throw new ProvenanceFormatException("good " + node.get("good").get("id").asText()
                                + " lists part " + partId.asText() + ", which the ledger does not hold");
                    }
                    if (++nodeCount > maxNodes) {
                        throw new ProvenanceTooLargeException("provenance of good " + goodId
                                + " has more than maxNodes " + maxNodes + " goods");
                    }
                    ObjectNode child = node(depth + 1, part.document());
                    children.add(child);
                    next.add(child);
                }
            }
            level = next;
            depth++;
        }
        ObjectNode answer = NODES.objectNode();
        answer.put("goodId", goodId).put("nodeCount", nodeCount).put("depth", depth).set("tree", root);
        return answer;
    }

    private static ObjectNode node(int depth, JsonNode good) {
        ObjectNode node = NODES.objectNode();
        node.put("depth", depth);
        node.set("good", good);
        node.putArray("parts");
        return node;
    }

    /** What a provenance node shows of a robot: its record without the public key. */
    private static ObjectNode robotSummary(JsonNode robot) {
        ObjectNode summary = NODES.objectNode();
        for (String field : List.of("id", "ownerOrg", "model", "status", "enrolledAtEpochMillis", "revokedAtEpochMillis")) {
            if (robot.hasNonNull(field)) {
                summary.set(field, robot.get(field));
            }
        }
        return summary;
    }
}
