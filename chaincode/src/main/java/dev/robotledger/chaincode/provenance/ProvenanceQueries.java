package dev.robotledger.chaincode.provenance;

import dev.robotledger.chaincode.good.Good;
import dev.robotledger.chaincode.good.Goods;
import dev.robotledger.chaincode.ledger.KeyVersion;
import dev.robotledger.chaincode.ledger.Refusals;
import dev.robotledger.chaincode.ledger.WorldState;
import dev.robotledger.chaincode.robot.Robot;
import dev.robotledger.chaincode.robot.RobotRegistry;
import dev.robotledger.contract.ErrorCode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Provenance trees and key history. A tree walk reads one key per node, so it is bounded by the
 * caller's maxDepth and maxNodes, themselves capped, and refused with PROVENANCE_TOO_LARGE rather
 * than truncated: a partial tree must never pass for a complete one.
 */
public final class ProvenanceQueries {

    public static final int DEPTH_CAP = 32;
    public static final int NODE_CAP = 5_000;

    private final RobotRegistry robots;
    private final Goods goods;

    public ProvenanceQueries(RobotRegistry robots, Goods goods) {
        this.robots = robots;
        this.goods = goods;
    }

    /** The tree under {@code goodId}; the root has depth 0, a raw part under it depth 1, and so on. */
    public Provenance provenance(WorldState state, String goodId, int maxDepth, int maxNodes) {
        if (maxDepth < 0 || maxDepth > DEPTH_CAP) {
            throw Refusals.of(
                    ErrorCode.INVALID_ARGUMENT,
                    "maxDepth " + maxDepth + " for good " + goodId + " is outside 0.." + DEPTH_CAP);
        }
        if (maxNodes < 1 || maxNodes > NODE_CAP) {
            throw Refusals.of(
                    ErrorCode.INVALID_ARGUMENT,
                    "maxNodes " + maxNodes + " for good " + goodId + " is outside 1.." + NODE_CAP);
        }
        Walk walk = new Walk(state, goodId, maxDepth, maxNodes);
        ProvenanceNode tree = walk.visit(goods.get(state, goodId), 0);
        return new Provenance(goodId, walk.nodes, walk.deepest, tree);
    }

    public List<KeyVersion<Good>> history(WorldState state, String goodId) {
        goods.get(state, goodId);
        return state.history(Good.key(goodId), Good.class);
    }

    private final class Walk {
        private final WorldState state;
        private final String rootId;
        private final int maxDepth;
        private final int maxNodes;
        private final Map<String, RobotSummary> robotCache = new HashMap<>();
        private int nodes;
        private int deepest;

        Walk(WorldState state, String rootId, int maxDepth, int maxNodes) {
            this.state = state;
            this.rootId = rootId;
            this.maxDepth = maxDepth;
            this.maxNodes = maxNodes;
        }

        ProvenanceNode visit(Good good, int depth) {
            if (depth > maxDepth) {
                throw Refusals.of(
                        ErrorCode.PROVENANCE_TOO_LARGE,
                        "provenance of good " + rootId + " is deeper than maxDepth " + maxDepth + " (part " + good.id()
                                + " is at depth " + depth + ")");
            }
            if (++nodes > maxNodes) {
                throw Refusals.of(
                        ErrorCode.PROVENANCE_TOO_LARGE,
                        "provenance of good " + rootId + " has more than maxNodes " + maxNodes + " goods");
            }
            deepest = Math.max(deepest, depth);
            List<ProvenanceNode> parts = new ArrayList<>(good.partIds().size());
            for (String partId : good.partIds()) {
                parts.add(visit(goods.get(state, partId), depth + 1));
            }
            return new ProvenanceNode(depth, good, robot(good.production().robotId()), parts);
        }

        private RobotSummary robot(String robotId) {
            return robotCache.computeIfAbsent(robotId, id -> {
                Robot robot = robots.get(state, id);
                return RobotSummary.of(robot);
            });
        }
    }
}
