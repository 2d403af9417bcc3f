package dev.robotledger.chaincode.robot;

import dev.robotledger.chaincode.access.Caller;
import dev.robotledger.chaincode.access.OrgRole;
import dev.robotledger.chaincode.ledger.Refusals;
import dev.robotledger.chaincode.ledger.WorldState;
import dev.robotledger.chaincode.ledger.WriteOutcome;
import dev.robotledger.contract.ErrorCode;
import java.util.Optional;

/** Enrols and revokes robots; only a manufacturer org writes, and only its own robots. */
public final class RobotRegistry {

    public WriteOutcome register(WorldState state, Caller caller, RobotRegistration registration) {
        caller.requireRole(OrgRole.MANUFACTURER, "register robots");
        String robotId = registration.robotId();
        state.find(Robot.key(robotId), Robot.class).ifPresent(existing -> {
            throw Refusals.of(
                    ErrorCode.ROBOT_ALREADY_EXISTS,
                    "robot " + robotId + " is already registered by " + existing.ownerOrg());
        });
        Robot robot = new Robot(
                robotId,
                caller.mspId(),
                registration.model(),
                registration.site(),
                registration.line(),
                registration.station(),
                registration.capabilities(),
                registration.publicKeyPem(),
                RobotStatus.ACTIVE,
                state.txEpochMillis(),
                null,
                null);
        state.put(Robot.key(robotId), robot);
        state.requireEndorsementBy(Robot.key(robotId), caller.mspId());
        return WriteOutcome.of("RobotRegistered", robotId, robot);
    }

    public WriteOutcome revoke(WorldState state, Caller caller, RobotRevocation revocation) {
        caller.requireRole(OrgRole.MANUFACTURER, "revoke robots");
        Robot robot = get(state, revocation.robotId());
        requireOwner(robot, caller);
        Robot revoked = robot.revoke(revocation.reason(), state.txEpochMillis());
        state.put(Robot.key(robot.id()), revoked);
        return WriteOutcome.of("RobotRevoked", robot.id(), revoked);
    }

    public Optional<Robot> find(WorldState state, String robotId) {
        return state.find(Robot.key(robotId), Robot.class);
    }

    public Robot get(WorldState state, String robotId) {
        return find(state, robotId)
                .orElseThrow(() -> Refusals.of(ErrorCode.ROBOT_NOT_FOUND, "robot " + robotId + " is not registered"));
    }

    /** The robot, if it is ACTIVE and enrolled by the caller's org: the only robots an org may report for. */
    public Robot requireActiveOwnedBy(WorldState state, String robotId, Caller caller) {
        Robot robot = get(state, robotId);
        requireOwner(robot, caller);
        if (robot.status() != RobotStatus.ACTIVE) {
            throw Refusals.of(
                    ErrorCode.ROBOT_REVOKED,
                    "robot " + robotId + " is " + robot.status() + " since " + robot.revokedAtEpochMillis());
        }
        return robot;
    }

    public static void requireOwner(Robot robot, Caller caller) {
        if (!robot.ownerOrg().equals(caller.mspId())) {
            throw Refusals.of(
                    ErrorCode.NOT_ROBOT_OWNER,
                    "robot " + robot.id() + " belongs to " + robot.ownerOrg() + ", not " + caller.mspId());
        }
    }
}
