package dev.robotledger.gateway.robots;

import java.util.Optional;

/**
 * Where the gateway learns which robots exist, their public keys and whether they are still
 * trusted. The ledger is meant to be the source of truth; the gateway's own {@link RobotRegistry}
 * (a PostgreSQL table managed through {@code /api/robots}, and with a ledger kept in step with its
 * RegisterRobot and RevokeRobot) is the interim source.
 */
public interface RobotDirectory {

    /** The robot as currently registered; a revocation is visible to the very next call. */
    Optional<RegisteredRobot> find(String robotId);
}
