package dev.robotledger.chaincode.telemetry;

import dev.robotledger.chaincode.access.Caller;
import dev.robotledger.chaincode.access.OrgRole;
import dev.robotledger.chaincode.ledger.Refusals;
import dev.robotledger.chaincode.ledger.WorldState;
import dev.robotledger.chaincode.ledger.WriteOutcome;
import dev.robotledger.chaincode.robot.RobotRegistry;
import dev.robotledger.contract.ErrorCode;
import java.util.Optional;

/**
 * Records telemetry anchors. The manufacturer that runs the robots submits them; every robot
 * covered must be one of its own. Revoked robots are allowed: a batch may hold readings taken
 * before the revocation, and the gateway stops accepting new ones at once.
 */
public final class Anchors {

    private final RobotRegistry robots;

    public Anchors(RobotRegistry robots) {
        this.robots = robots;
    }

    public WriteOutcome record(WorldState state, Caller caller, AnchorReport report) {
        caller.requireRole(OrgRole.MANUFACTURER, "record telemetry anchors");
        state.find(TelemetryAnchor.key(report.batchId()), TelemetryAnchor.class).ifPresent(existing -> {
            throw Refusals.of(
                    ErrorCode.ANCHOR_ALREADY_RECORDED,
                    "batch " + report.batchId() + " is already anchored in transaction " + existing.txId());
        });
        for (String robotId : report.robotIds()) {
            RobotRegistry.requireOwner(robots.get(state, robotId), caller);
        }
        TelemetryAnchor anchor = new TelemetryAnchor(
                report.batchId(),
                report.merkleRoot(),
                report.readingCount(),
                report.fromEpochMillis(),
                report.toEpochMillis(),
                report.robotIds(),
                caller.mspId(),
                state.txEpochMillis(),
                state.txId());
        state.put(TelemetryAnchor.key(anchor.batchId()), anchor);
        return new WriteOutcome("AnchorRecorded", anchor.batchId(), anchor.robotIds(), anchor);
    }

    public Optional<TelemetryAnchor> find(WorldState state, String batchId) {
        return state.find(TelemetryAnchor.key(batchId), TelemetryAnchor.class);
    }

    public TelemetryAnchor get(WorldState state, String batchId) {
        return find(state, batchId)
                .orElseThrow(() -> Refusals.of(ErrorCode.ANCHOR_NOT_FOUND, "batch " + batchId + " has no anchor"));
    }
}
