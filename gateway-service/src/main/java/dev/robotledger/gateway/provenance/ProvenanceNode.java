package dev.robotledger.gateway.provenance;

import java.util.List;

/** One good in a provenance tree, the robot that made it and the nodes of its parts, in its partIds order. */
public record ProvenanceNode(int depth, Good good, RobotSummary robot, List<ProvenanceNode> parts) {

    public ProvenanceNode {
        Fields.requirePresent("node.good", good);
        Fields.requirePresent("good " + good.id() + ": robot", robot);
        parts = List.copyOf(parts == null ? List.of() : parts);
        List<String> partIdsInTree =
                parts.stream().map(part -> part.good().id()).toList();
        // A tree missing a part must never pass for a complete one.
        if (!partIdsInTree.equals(good.partIds())) {
            throw new ProvenanceFormatException(
                    "good " + good.id() + " lists parts " + good.partIds() + " but its node holds " + partIdsInTree);
        }
        for (ProvenanceNode part : parts) {
            if (part.depth() != depth + 1) {
                throw new ProvenanceFormatException("part " + part.good().id() + " of good " + good.id()
                        + " is at depth " + part.depth() + ", expected " + (depth + 1));
            }
        }
        if (!robot.id().equals(good.production().robotId())) {
            throw new ProvenanceFormatException("good " + good.id() + " was made by robot "
                    + good.production().robotId() + " but its node shows robot " + robot.id());
        }
    }

    /** Nodes in this subtree. */
    public int size() {
        return 1 + parts.stream().mapToInt(ProvenanceNode::size).sum();
    }
}
