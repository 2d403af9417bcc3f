package dev.robotledger.gateway.robots.fabric;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import dev.robotledger.contract.ContractTransaction;
import dev.robotledger.contract.ErrorCode;
import dev.robotledger.gateway.json.Json;
import dev.robotledger.gateway.ledger.ChaincodeRefusedException;
import dev.robotledger.gateway.ledger.fabric.ProvenanceContractClient;
import dev.robotledger.gateway.ledger.fabric.ProvenanceContractClient.Committed;
import dev.robotledger.gateway.robots.RobotConflictException;
import dev.robotledger.gateway.robots.RobotDetails;
import dev.robotledger.gateway.robots.RobotLedger;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PublicKey;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;

/**
 * The contract's robot registry as {@link RobotLedger}: {@code RegisterRobot} and
 * {@code RevokeRobot}, waited for until they commit, and {@code GetRobot} to find out what a
 * refusal means. Event ids are derived from the request ({@code register-<robotId>-<16 hex of the
 * key's SHA-256>}, {@code revoke-<robotId>}), so a retry is a replay the chaincode answers with
 * the first result and records nothing for.
 *
 * <pre>{@code
 * RobotLedger robots = new LedgerRobotRegistry(ProvenanceContractClient.of(connection), "ManufacturerMSP");
 * robots.register("press-7", publicKey, new RobotDetails("KR-16", "plant-1", "line-2", "st-4", List.of("PRODUCE")));
 * }</pre>
 *
 * The robot's answer names no transaction (unlike an anchor's), so a replay is submitted too: a
 * read-only transaction that commits and writes nothing. Because a replay answers with the first
 * registration's robot, a registration is confirmed with {@code GetRobot} after it commits.
 */
public final class LedgerRobotRegistry implements RobotLedger {

    private static final Logger log = LoggerFactory.getLogger(LedgerRobotRegistry.class);
    static final String REVOCATION_REASON = "revoked by the operator through the gateway";

    private final ProvenanceContractClient ledger;
    private final String mspId;

    public LedgerRobotRegistry(ProvenanceContractClient ledger, String mspId) {
        this.ledger = ledger;
        this.mspId = mspId;
    }

    /** The RegisterRobot argument, field for field the chaincode's {@code RobotRegistration}. */
    record Registration(
            String robotId,
            String model,
            String site,
            String line,
            String station,
            List<String> capabilities,
            String publicKeyPem) {}

    /** The RevokeRobot argument, the chaincode's {@code RobotRevocation}. */
    record Revocation(String robotId, String reason) {}

    /** The part of the chaincode's {@code Robot} the gateway compares. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record LedgerRobot(String id, String ownerOrg, String publicKeyPem, String status) {}

    static String registerEventId(String robotId, PublicKey key) {
        return "register-" + robotId + "-" + HexFormat.of().formatHex(sha256(key.getEncoded()), 0, 8);
    }

    static String revokeEventId(String robotId) {
        return "revoke-" + robotId;
    }

    static String pem(PublicKey key) {
        return "-----BEGIN PUBLIC KEY-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                        .encodeToString(key.getEncoded())
                + "\n-----END PUBLIC KEY-----\n";
    }

    @Override
    public void register(String robotId, PublicKey publicKey, RobotDetails details) {
        Registration registration = new Registration(
                robotId,
                details.model(),
                details.site(),
                details.line(),
                details.station(),
                details.capabilities(),
                pem(publicKey));
        try {
            Committed committed = ledger.registerRobot(registerEventId(robotId, publicKey), registration);
            // A replay (same event id: a retry, or the same registration again) is answered with
            // the first registration's robot, ACTIVE, whatever the robot's state is now: what the
            // ledger holds after the commit decides, e.g. a robot revoked since by another client.
            LedgerRobot current = find(robotId)
                    .orElseThrow(() -> new IllegalStateException("robot " + robotId
                            + " is not on the ledger after its registration committed in transaction "
                            + committed.transactionId()));
            requireSame(robotId, publicKey, current);
            log.info(
                    "robot {} registered on the ledger (transaction {}, block {})",
                    robotId,
                    committed.transactionId(),
                    committed.blockNumber());
        } catch (ChaincodeRefusedException e) {
            // ROBOT_ALREADY_EXISTS, EVENT_ID_REUSED, or FORBIDDEN_ORG for another org's robot: what
            // the ledger holds says whether that is this registration or a conflict.
            LedgerRobot existing = find(robotId).orElseThrow(() -> e);
            requireSame(robotId, publicKey, existing);
            log.info("robot {} was already registered on the ledger by {} with this key", robotId, existing.ownerOrg());
        }
    }

    @Override
    public void revoke(String robotId) {
        try {
            Committed committed =
                    ledger.revokeRobot(revokeEventId(robotId), new Revocation(robotId, REVOCATION_REASON));
            log.info(
                    "robot {} revoked on the ledger (transaction {}, block {})",
                    robotId,
                    committed.transactionId(),
                    committed.blockNumber());
        } catch (ChaincodeRefusedException e) {
            // Revoked there before, by another request: that is what was asked.
            boolean revoked = e.code() == ErrorCode.ROBOT_REVOKED
                    && find(robotId)
                            .filter(robot -> mspId.equals(robot.ownerOrg()) && "REVOKED".equals(robot.status()))
                            .isPresent();
            if (!revoked) {
                throw e;
            }
            log.info("robot {} was already revoked on the ledger", robotId);
        }
    }

    /** The robot as the ledger holds it; empty when the chaincode says it is not there. */
    Optional<LedgerRobot> find(String robotId) {
        byte[] answer;
        try {
            answer = ledger.robot(robotId);
        } catch (ChaincodeRefusedException e) {
            if (e.code() == ErrorCode.ROBOT_NOT_FOUND) {
                return Optional.empty();
            }
            throw e;
        }
        try {
            return Optional.of(Json.MAPPER.readValue(answer, LedgerRobot.class));
        } catch (JacksonException e) {
            throw new IllegalStateException(
                    "the ledger answered " + ContractTransaction.GET_ROBOT.functionName() + " " + robotId + " with "
                            + new String(answer, StandardCharsets.UTF_8),
                    e);
        }
    }

    private void requireSame(String robotId, PublicKey publicKey, LedgerRobot existing) {
        if (!mspId.equals(existing.ownerOrg())) {
            throw new RobotConflictException(
                    "robot " + robotId + " is registered on the ledger by " + existing.ownerOrg() + ", not " + mspId);
        }
        if (!Arrays.equals(der(existing.publicKeyPem()), publicKey.getEncoded())) {
            throw new RobotConflictException(
                    "robot " + robotId + " is already registered on the ledger with a" + " different key");
        }
        if (!"ACTIVE".equals(existing.status())) {
            throw new RobotConflictException(
                    "robot " + robotId + " is " + existing.status() + " on the ledger and cannot be registered again");
        }
    }

    private static byte[] der(String pem) {
        if (pem == null) {
            return new byte[0];
        }
        try {
            return Base64.getDecoder()
                    .decode(pem.replaceAll("-----(BEGIN|END) PUBLIC KEY-----", "")
                            .replaceAll("\\s", ""));
        } catch (IllegalArgumentException e) {
            return new byte[0];
        }
    }

    private static byte[] sha256(byte[] bytes) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(bytes);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every JDK", e);
        }
    }
}
