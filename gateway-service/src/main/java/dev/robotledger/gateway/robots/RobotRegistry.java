package dev.robotledger.gateway.robots;

import dev.robotledger.gateway.ledger.LedgerException;
import dev.robotledger.wire.crypto.EcdsaP256;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The robot directory the verifier asks: a PostgreSQL table managed by the operator through
 * {@code POST /api/robots} and {@code POST /api/robots/{id}/revoke}. When a ledger is configured
 * ({@link RobotLedger}), every registration and revocation is also recorded there, in the order
 * that never lets the gateway trust a robot the ledger does not:
 * <ul>
 * <li>register: the ledger first, then the table. A ledger outage or refusal leaves the table
 *     untouched (the robot stays unknown here); a registration on the ledger whose table write
 *     then fails is completed by the retry, which the ledger answers as a replay.</li>
 * <li>revoke: the table first, then the ledger, so the robot's messages are refused at once even
 *     while the ledger is away; the failure is reported, and a retry completes the ledger side.</li>
 * </ul>
 * Lookups are cached (decoding a key per message is wasted work); registration and revocation
 * write the table and then replace the cached entry, so a revocation refuses the very next
 * message this instance verifies.
 */
@Component
public class RobotRegistry implements RobotDirectory {

    private final JdbcTemplate jdbc;
    private final ApplicationEventPublisher events;
    private final Clock clock;
    private final RobotLedger ledger;
    private final Map<String, RegisteredRobot> cache = new ConcurrentHashMap<>();

    public RobotRegistry(JdbcTemplate jdbc, ApplicationEventPublisher events, ObjectProvider<RobotLedger> ledger) {
        this.jdbc = jdbc;
        this.events = events;
        this.clock = Clock.systemUTC();
        this.ledger = ledger.getIfAvailable();
    }

    /** Whether registrations and revocations are recorded on the ledger too. */
    public boolean recordsOnLedger() {
        return ledger != null;
    }

    @Override
    public Optional<RegisteredRobot> find(String robotId) {
        RegisteredRobot cached = cache.get(robotId);
        if (cached != null) {
            return Optional.of(cached);
        }
        Optional<RegisteredRobot> loaded = load(robotId);
        loaded.ifPresent(robot -> cache.putIfAbsent(robotId, robot));
        return loaded.map(robot -> cache.getOrDefault(robotId, robot));
    }

    /**
     * Registers a robot's public key (X.509 SubjectPublicKeyInfo, PEM or base64 DER, EC P-256).
     * Registering the same key again is a no-op; a different key for a known robot is refused.
     * With a ledger, {@code details} must be complete and the robot is recorded there first.
     *
     * @throws LedgerException the ledger did not take it; nothing was written to the table
     */
    public RegisteredRobot register(String robotId, String encodedPublicKey, RobotDetails details) {
        if (robotId == null || !robotId.matches("[A-Za-z0-9._-]{1,64}")) {
            throw new InvalidRegistrationException(
                    "robot id must be 1-64 characters of [A-Za-z0-9._-], was " + robotId);
        }
        PublicKey publicKey = decodePublicKey(robotId, encodedPublicKey);
        if (ledger != null) {
            details.requireComplete(robotId);
            Optional<RegisteredRobot> known = load(robotId);
            known.ifPresent(robot -> checkedRepeat(robot, publicKey));
            // Also for a robot already in the table: one registered before the ledger was
            // configured gets onto it, and for the others the ledger answers a replay.
            ledger.register(robotId, publicKey, details);
            if (known.isPresent()) {
                return known.get();
            }
        }
        Instant now = clock.instant();
        int inserted = jdbc.update("""
                INSERT INTO robots (robot_id, public_key, status, registered_at)
                VALUES (?, ?, 'ACTIVE', ?) ON CONFLICT (robot_id) DO NOTHING""", robotId, publicKey.getEncoded(), Timestamp.from(now));
        RegisteredRobot robot = load(robotId).orElseThrow();
        if (inserted == 0) {
            return checkedRepeat(robot, publicKey);
        }
        cache.put(robotId, robot);
        events.publishEvent(new RobotStatusChanged(robotId, RobotStatus.ACTIVE, now));
        return robot;
    }

    private RegisteredRobot checkedRepeat(RegisteredRobot robot, PublicKey publicKey) {
        if (!Arrays.equals(robot.publicKey().getEncoded(), publicKey.getEncoded())) {
            throw new RobotConflictException(
                    "robot " + robot.robotId() + " is already registered with a different key");
        }
        if (!robot.active()) {
            throw new RobotConflictException("robot " + robot.robotId() + " is revoked and cannot be registered again");
        }
        cache.put(robot.robotId(), robot);
        return robot;
    }

    /**
     * Revokes a robot: from now on its messages are refused as REVOKED_ROBOT. With a ledger, the
     * revocation is then recorded there too; revoking again completes a revocation the ledger
     * missed.
     *
     * @throws LedgerException the ledger did not take it; the robot is revoked here all the same
     */
    public RegisteredRobot revoke(String robotId) {
        Instant now = clock.instant();
        int revoked = jdbc.update(
                "UPDATE robots SET status = 'REVOKED', revoked_at = ? WHERE robot_id = ? AND status = 'ACTIVE'",
                Timestamp.from(now),
                robotId);
        RegisteredRobot robot =
                load(robotId).orElseThrow(() -> new UnknownRobotException("robot " + robotId + " is not registered"));
        cache.put(robotId, robot);
        if (revoked == 1) {
            events.publishEvent(new RobotStatusChanged(robotId, RobotStatus.REVOKED, now));
        }
        if (ledger != null) {
            try {
                ledger.revoke(robotId);
            } catch (LedgerException e) {
                String here = "robot " + robotId + " is revoked in the gateway (its messages are refused) but ";
                throw e.withMessage(
                        e.retryable()
                                ? here + "the revocation is not on the ledger yet: " + e.getMessage()
                                        + "; revoke it again to complete it"
                                : here + "the ledger refused the revocation: " + e.getMessage());
            }
        }
        return robot;
    }

    public List<RegisteredRobot> all() {
        return jdbc.query(
                "SELECT robot_id, public_key, status, registered_at FROM robots ORDER BY robot_id",
                (row, index) -> map(row));
    }

    private Optional<RegisteredRobot> load(String robotId) {
        return jdbc
                .query(
                        "SELECT robot_id, public_key, status, registered_at FROM robots WHERE robot_id = ?",
                        (row, index) -> map(row),
                        robotId)
                .stream()
                .findFirst();
    }

    private static RegisteredRobot map(ResultSet row) throws SQLException {
        String robotId = row.getString("robot_id");
        return new RegisteredRobot(
                robotId,
                decodeDer(robotId, row.getBytes("public_key")),
                RobotStatus.valueOf(row.getString("status")),
                row.getTimestamp("registered_at").toInstant());
    }

    private static PublicKey decodePublicKey(String robotId, String encoded) {
        if (encoded == null || encoded.isBlank()) {
            throw new InvalidRegistrationException("public key of robot " + robotId + " is missing");
        }
        String base64 =
                encoded.replaceAll("-----(BEGIN|END) PUBLIC KEY-----", "").replaceAll("\\s", "");
        byte[] der;
        try {
            der = Base64.getDecoder().decode(base64);
        } catch (IllegalArgumentException e) {
            throw new InvalidRegistrationException(
                    "public key of robot " + robotId + " is not base64: " + e.getMessage());
        }
        return decodeDer(robotId, der);
    }

    private static PublicKey decodeDer(String robotId, byte[] der) {
        try {
            PublicKey key = KeyFactory.getInstance("EC").generatePublic(new X509EncodedKeySpec(der));
            EcdsaP256.requireP256(key);
            return key;
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new InvalidRegistrationException(
                    "public key of robot " + robotId + " is not an X.509 ECDSA P-256 public key: " + e.getMessage());
        }
    }
}
