package dev.robotledger.chaincode.provenance;

import dev.robotledger.chaincode.good.Good;
import java.util.List;

/**
 * One good in a provenance tree: its full record (production, quality checks, custody history),
 * the robot that made it, and the nodes of the parts it was assembled from.
 */
public record ProvenanceNode(int depth, Good good, RobotSummary robot, List<ProvenanceNode> parts) {

    public ProvenanceNode {
        parts = List.copyOf(parts);
    }
}
