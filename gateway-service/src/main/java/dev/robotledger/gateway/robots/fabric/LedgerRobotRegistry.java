package dev.robotledger.gateway.robots.fabric;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.robotledger.gateway.ledger.LedgerCallFailedException;
import dev.robotledger.gateway.ledger.LedgerCommitFailedException;
import dev.robotledger.gateway.ledger.LedgerTransactions;
import dev.robotledger.gateway.robots.LedgerRefusedException;
import dev.robotledger.gateway.robots.LedgerUnavailableException;
import dev.robotledger.gateway.robots.RobotConflictException;
import dev.robotledger.gateway.robots.RobotDetails;
import dev.robotledger.gateway.robots.RobotLedger;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PublicKey;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Optional;
import org.hyperledger.fabric.client.Contract;
import org.hyperledger.fabric.client.GatewayException;
import org.hyperledger.fabric.client.Gateway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The chaincode's robot registry as typed calls: {@code RegisterRobot} and {@code RevokeRobot},
 * submitted through {@link LedgerTransactions} and waited for until they commit, and
 * {@code GetRobot} to find out what a refusal means. Event ids are derived from the request
 * ({@code register-<robotId>-<16 hex of the key's SHA-256>}, {@code revoke-<robotId>}), so a retry
 * is a replay the chaincode answers with the first result and records nothing for.
 *
 * <pre>{@code
 * RobotLedger robots = new LedgerRobotRegistry(connection.gateway(), "provenance", "provenance",
 *         "ManufacturerMSP", 3);
 * robots.register("press-7", publicKey, new RobotDetails("KR-16", "plant-1", "line-2", "st-4"));
 * }</pre>
 *
 * The robot's answer names no transaction (unlike an anchor's), so a replay is submitted too: a
 * read-only transaction that commits and writes nothing. Because a replay answers with the first
 * registration's robot, a registration is confirmed with {@code GetRobot} after it commits.
 */
public final class LedgerRobotRegistry implements RobotLedger {

    private static final Logger log = LoggerFactory.getLogger(LedgerRobotRegistry.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    static final String REGISTER_ROBOT = "RegisterRobot";
    static final String REVOKE_ROBOT = "RevokeRobot";
    static final String GET_ROBOT = "GetRobot";
    static final String REVOCATION_REASON = "revoked by the operator through the gateway";

    private final Contract contract;
    private final String mspId;
    private final int maxConflictRetries;

    public LedgerRobotRegistry(Gateway gateway, String channel, String chaincode, String mspId, int maxConflictRetries) {
        this.contract = gateway.getNetwork(channel).getContract(chaincode);
        this.mspId = mspId;
        this.maxConflictRetries = maxConflictRetries;
    }

    /** The RegisterRobot argument, field for field the chaincode's {@code RobotRegistration}. */
    record Registration(String robotId, String model, String site, String line, String station, String publicKeyPem) {
    }

    /** The RevokeRobot argument, the chaincode's {@code RobotRevocation}. */
    record Revocation(String robotId, String reason) {
    }

    /** The part of the chaincode's {@code Robot} the gateway compares. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record LedgerRobot(String id, String ownerOrg, String publicKeyPem, String status) {
    }

    static String registerEventId(String robotId, PublicKey key) {
        return "register-" + robotId + "-" + HexFormat.of().formatHex(sha256(key.getEncoded()), 0, 8);
    }

    static String revokeEventId(String robotId) {
        return "revoke-" + robotId;
    }

    static String pem(PublicKey key) {
        return "-----BEGIN PUBLIC KEY-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(key.getEncoded())
                + "\n-----END PUBLIC KEY-----\n";
    }

    @Override
    public void register(String robotId, PublicKey publicKey, RobotDetails details) {
        String eventId = registerEventId(robotId, publicKey);
        String request = json(new Registration(robotId, details.model(), details.site(), details.line(),
                details.station(), pem(publicKey)));
        try {
            LedgerTransactions.Committed committed = LedgerTransactions.submit("registration of robot " + robotId,
                    () -> contract.newProposal(REGISTER_ROBOT).addArguments(eventId, request).build(),
                    maxConflictRetries, (txId, result) -> Optional.empty());
            // A replay (same event id: a retry, or the same registration again) is answered with
            // the first registration's robot, ACTIVE, whatever the robot's state is now: what the
            // ledger holds after the commit decides, e.g. a robot revoked since by another client.
            LedgerRobot current = find(robotId).orElseThrow(() -> new LedgerRefusedException("robot " + robotId
                    + " is not on the ledger after its registration committed in transaction "
                    + committed.transactionId(), null));
            requireSame(robotId, publicKey, current);
            log.info("robot {} registered on the ledger (transaction {}, block {})", robotId,
                    committed.transactionId(), committed.blockNumber());
        } catch (LedgerCallFailedException e) {
            if (e.unreachable() || e.phase() != LedgerCallFailedException.Phase.ENDORSE) {
                throw failed("registration of robot " + robotId, e);
            }
            // The chaincode refused (ROBOT_ALREADY_EXISTS, EVENT_ID_REUSED, ...). Its error code
            // does not travel through the peer's Gateway, so ask the ledger what it holds.
            LedgerRobot existing = find(robotId)
                    .orElseThrow(() -> failed("registration of robot " + robotId, e));
            requireSame(robotId, publicKey, existing);
            log.info("robot {} was already registered on the ledger by {} with this key", robotId, existing.ownerOrg());
        } catch (LedgerCommitFailedException e) {
            throw failed("registration of robot " + robotId, e);
        }
    }

    @Override
    public void revoke(String robotId) {
        String request = json(new Revocation(robotId, REVOCATION_REASON));
        try {
            LedgerTransactions.Committed committed = LedgerTransactions.submit("revocation of robot " + robotId,
                    () -> contract.newProposal(REVOKE_ROBOT).addArguments(revokeEventId(robotId), request).build(),
                    maxConflictRetries, (txId, result) -> Optional.empty());
            log.info("robot {} revoked on the ledger (transaction {}, block {})", robotId, committed.transactionId(),
                    committed.blockNumber());
        } catch (LedgerCallFailedException e) {
            if (e.unreachable() || e.phase() != LedgerCallFailedException.Phase.ENDORSE) {
                throw failed("revocation of robot " + robotId, e);
            }
            // ROBOT_REVOKED: revoked there before, by another request. That is what was asked.
            boolean revoked = find(robotId).filter(robot -> mspId.equals(robot.ownerOrg())
                    && "REVOKED".equals(robot.status())).isPresent();
            if (!revoked) {
                throw failed("revocation of robot " + robotId, e);
            }
            log.info("robot {} was already revoked on the ledger", robotId);
        } catch (LedgerCommitFailedException e) {
            throw failed("revocation of robot " + robotId, e);
        }
    }

    /** The robot as the ledger holds it; empty when the chaincode says it is not there. */
    Optional<LedgerRobot> find(String robotId) {
        byte[] answer;
        try {
            answer = contract.evaluateTransaction(GET_ROBOT, robotId);
        } catch (GatewayException e) {
            LedgerCallFailedException failure = new LedgerCallFailedException(LedgerCallFailedException.Phase.EVALUATE,
                    GET_ROBOT + " " + robotId, e);
            if (failure.unreachable()) {
                throw failed("the look-up of robot " + robotId, failure);
            }
            return Optional.empty();
        }
        try {
            return Optional.of(JSON.readValue(answer, LedgerRobot.class));
        } catch (IOException e) {
            throw new LedgerRefusedException("the ledger answered GetRobot " + robotId + " with "
                    + new String(answer, StandardCharsets.UTF_8), e);
        }
    }

    private void requireSame(String robotId, PublicKey publicKey, LedgerRobot existing) {
        if (!mspId.equals(existing.ownerOrg())) {
            throw new RobotConflictException("robot " + robotId + " is registered on the ledger by "
                    + existing.ownerOrg() + ", not " + mspId);
        }
        if (!Arrays.equals(der(existing.publicKeyPem()), publicKey.getEncoded())) {
            throw new RobotConflictException("robot " + robotId + " is already registered on the ledger with a"
                    + " different key");
        }
        if (!"ACTIVE".equals(existing.status())) {
            throw new RobotConflictException("robot " + robotId + " is " + existing.status()
                    + " on the ledger and cannot be registered again");
        }
    }

    private static byte[] der(String pem) {
        if (pem == null) {
            return new byte[0];
        }
        try {
            return Base64.getDecoder().decode(pem.replaceAll("-----(BEGIN|END) PUBLIC KEY-----", "")
                    .replaceAll("\\s", ""));
        } catch (IllegalArgumentException e) {
            return new byte[0];
        }
    }

    private static RuntimeException failed(String what, LedgerCallFailedException e) {
        if (e.unreachable()) {
            return new LedgerUnavailableException("the ledger (Fabric peer) did not answer the " + what + ": "
                    + e.getMessage(), e);
        }
        return new LedgerRefusedException("the ledger refused the " + what + ": " + e.getMessage(), e);
    }

    private static RuntimeException failed(String what, LedgerCommitFailedException e) {
        if (e.conflict()) {
            return new LedgerUnavailableException("the ledger kept conflicting on the " + what + ": " + e.getMessage(), e);
        }
        return new LedgerRefusedException("the ledger refused the " + what + ": " + e.getMessage(), e);
    }

    private static String json(Object request) {
        try {
            return JSON.writeValueAsString(request);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write " + request, e);
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
