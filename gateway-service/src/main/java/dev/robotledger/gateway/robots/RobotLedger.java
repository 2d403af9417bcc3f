package dev.robotledger.gateway.robots;

import dev.robotledger.gateway.ledger.LedgerException;
import java.security.PublicKey;

/**
 * The ledger's robot registry as {@link RobotRegistry} needs it: present only when
 * {@code gateway.ledger.peer-endpoint} is set (adapter: {@code robots.fabric.LedgerRobotRegistry}).
 * Both calls block until the transaction commits and are idempotent: a retry after a lost answer
 * is a replay on the ledger, never a second entry.
 */
public interface RobotLedger {

    /**
     * Records the robot with {@code RegisterRobot}. Already registered there by this organisation
     * with the same key is success.
     *
     * @throws RobotConflictException registered there with another key, by another organisation, or revoked
     * @throws LedgerException         the ledger did not take it; when {@link LedgerException#retryable()},
     *                                 nothing was recorded by this call that a retry would not find
     */
    void register(String robotId, PublicKey publicKey, RobotDetails details);

    /**
     * Records the revocation with {@code RevokeRobot}. Already revoked there is success.
     *
     * @throws LedgerException the ledger did not take it (e.g. the robot is not registered there)
     */
    void revoke(String robotId);
}
