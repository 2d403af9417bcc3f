package dev.robotledger.gateway.robots.fabric;

import static dev.robotledger.contract.ContractTransaction.GET_ROBOT;
import static dev.robotledger.contract.ContractTransaction.REGISTER_ROBOT;
import static dev.robotledger.contract.ContractTransaction.REVOKE_ROBOT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.robotledger.contract.ErrorCode;
import dev.robotledger.gateway.ledger.ChaincodeRefusedException;
import dev.robotledger.gateway.ledger.InProcessPeer;
import dev.robotledger.gateway.ledger.LedgerUnreachableException;
import dev.robotledger.gateway.ledger.fabric.ProvenanceContractClient;
import dev.robotledger.gateway.robots.RobotConflictException;
import dev.robotledger.gateway.robots.RobotDetails;
import dev.robotledger.ledger.embedded.ContractPeer;
import dev.robotledger.ledger.embedded.ContractPeer.ReceivedProposal;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.security.spec.ECGenParameterSpec;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * The ledger's robot registry facade and the real fabric-gateway client against
 * {@link ContractPeer}, a test double of the peer running the real contract, over an in-process
 * gRPC transport: no Fabric network can run on these machines, so this shows the gateway and the
 * contract agreeing on RegisterRobot, RevokeRobot and GetRobot, not that a real peer accepts them.
 */
class LedgerRobotRegistryTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final RobotDetails DETAILS =
            new RobotDetails("KR-16 arc welder", "plant-1", "line-2", "station-4", List.of("PRODUCE", "INSPECT"));

    @TempDir
    Path dir;

    private final ContractPeer peer = new ContractPeer(3);
    private final PublicKey key = p256().getPublic();
    private InProcessPeer served;
    private LedgerRobotRegistry robots;

    @BeforeEach
    void connect() throws Exception {
        served = InProcessPeer.start(peer, dir);
        robots = new LedgerRobotRegistry(
                new ProvenanceContractClient(served.connect("ManufacturerMSP"), "provenance", "provenance", 2),
                "ManufacturerMSP");
    }

    @AfterEach
    void close() throws Exception {
        served.close();
    }

    @Test
    void registrationCarriesTheRobotsDetailsAndKeyUnderAnEventIdOfTheKeySignedAsTheMsp() throws Exception {
        robots.register("press-7", key, DETAILS);

        assertThat(peer.proposals())
                .extracting(ReceivedProposal::function)
                .containsExactly(REGISTER_ROBOT.functionName(), GET_ROBOT.functionName());
        ReceivedProposal proposal = peer.proposals().get(0);
        assertThat(proposal.function()).isEqualTo(REGISTER_ROBOT.functionName());
        assertThat(proposal.channel()).isEqualTo("provenance");
        assertThat(proposal.chaincode()).isEqualTo("provenance");
        assertThat(proposal.creatorMspId()).isEqualTo("ManufacturerMSP");
        assertThat(proposal.signatureValid()).isTrue();
        assertThat(peer.submittedSignatureValid(proposal.transactionId())).isTrue();
        String keyHash =
                HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(key.getEncoded()));
        assertThat(proposal.args().get(0)).isEqualTo("register-press-7-" + keyHash.substring(0, 16));
        JsonNode request = JSON.readTree(proposal.args().get(1));
        assertThat(request.propertyNames())
                .containsExactly("robotId", "model", "site", "line", "station", "capabilities", "publicKeyPem");
        assertThat(request.get("robotId").asString()).isEqualTo("press-7");
        assertThat(request.get("model").asString()).isEqualTo("KR-16 arc welder");
        assertThat(request.get("site").asString()).isEqualTo("plant-1");
        assertThat(request.get("line").asString()).isEqualTo("line-2");
        assertThat(request.get("station").asString()).isEqualTo("station-4");
        assertThat(request.get("capabilities")).extracting(JsonNode::asString).containsExactly("PRODUCE", "INSPECT");
        assertThat(der(request.get("publicKeyPem").asString())).isEqualTo(key.getEncoded());
        assertThat(peer.commits()).hasSize(1);
        assertThat(peer.robots().get("press-7").get("status").asText()).isEqualTo("ACTIVE");
    }

    @Test
    void aRetryAfterALostCommitAnswerIsAReplayThatRecordsNothingAgain() {
        peer.loseNextCommitStatusAnswers(1);

        LedgerUnreachableException lost =
                catchThrowableOfType(LedgerUnreachableException.class, () -> robots.register("press-7", key, DETAILS));
        assertThat(lost.transactionId()).hasValue(peer.commits().get(0).transactionId());
        robots.register("press-7", key, DETAILS);

        assertThat(peer.proposals(REGISTER_ROBOT.functionName())).hasSize(2);
        assertThat(peer.proposals(REGISTER_ROBOT.functionName()))
                .extracting(p -> p.args().get(0))
                .containsOnly(peer.proposals(REGISTER_ROBOT.functionName())
                        .get(0)
                        .args()
                        .get(0));
        String first = peer.commits().get(0).transactionId();
        assertThat(peer.recordedEvents())
                .as("one entry, by the first transaction")
                .hasSize(1)
                .containsValue(first);
        assertThat(peer.robots()).containsOnlyKeys("press-7");
    }

    @Test
    void aRobotTheLedgerHoldsWithTheSameKeyIsRegisteredAlready() throws Exception {
        peer.registerRobot("ManufacturerMSP", "press-7", key);

        robots.register("press-7", key, DETAILS);

        assertThat(peer.proposals())
                .extracting(ReceivedProposal::function)
                .containsExactly(REGISTER_ROBOT.functionName(), GET_ROBOT.functionName());
        assertThat(peer.commits()).isEmpty();
    }

    @Test
    void registeringAgainARobotRevokedOnTheLedgerSinceIsAConflictNotTheReplayedFirstAnswer() {
        robots.register("press-7", key, DETAILS);
        // Revoked by another client of the organisation (e.g. another gateway instance).
        peer.revokeRobot("ManufacturerMSP", "press-7");

        // The same request is a replay: the contract answers with the first registration's robot,
        // ACTIVE, whatever the robot's state is now.
        RobotConflictException conflict =
                catchThrowableOfType(RobotConflictException.class, () -> robots.register("press-7", key, DETAILS));

        assertThat(conflict).hasMessage("robot press-7 is REVOKED on the ledger and cannot be registered again");
        assertThat(peer.robots().get("press-7").get("status").asText()).isEqualTo("REVOKED");
    }

    @Test
    void aRobotTheLedgerHoldsWithAnotherKeyIsAConflict() {
        peer.registerRobot("ManufacturerMSP", "press-7", p256().getPublic());

        RobotConflictException conflict =
                catchThrowableOfType(RobotConflictException.class, () -> robots.register("press-7", key, DETAILS));

        assertThat(conflict).hasMessage("robot press-7 is already registered on the ledger with a different key");
        assertThat(peer.commits()).isEmpty();
    }

    @Test
    void aRobotOfAnotherOrganisationIsAConflict() {
        // Only the manufacturer may register robots (FORBIDDEN_ORG for anyone else), so the other
        // organisation here is the gateway's: a retailer's gateway registering the manufacturer's robot.
        peer.registerRobot("ManufacturerMSP", "press-7", key);
        LedgerRobotRegistry retailerRobots = new LedgerRobotRegistry(
                new ProvenanceContractClient(served.connect("RetailerMSP"), "provenance", "provenance", 2),
                "RetailerMSP");

        RobotConflictException conflict = catchThrowableOfType(
                RobotConflictException.class, () -> retailerRobots.register("press-7", key, DETAILS));

        assertThat(conflict)
                .hasMessage("robot press-7 is registered on the ledger by ManufacturerMSP, not RetailerMSP");
        assertThat(peer.proposals()).extracting(ReceivedProposal::creatorMspId).containsOnly("RetailerMSP");
        assertThat(peer.commits()).isEmpty();
    }

    @Test
    void anUnreachablePeerIsReportedAsTheLedgerBeingUnavailable() throws Exception {
        served.stopPeer();

        LedgerUnreachableException down =
                catchThrowableOfType(LedgerUnreachableException.class, () -> robots.register("press-7", key, DETAILS));

        assertThat(down)
                .hasMessageContaining("the peer did not answer RegisterRobot of event register-press-7-")
                .hasMessageContaining("UNAVAILABLE");
        assertThat(peer.proposals()).isEmpty();
    }

    @Test
    void revocationIsRecordedOnceAndRevokingAgainIsAReplay() throws Exception {
        robots.register("press-7", key, DETAILS);

        robots.revoke("press-7");
        robots.revoke("press-7");

        assertThat(peer.proposals(REVOKE_ROBOT.functionName())).hasSize(2);
        ReceivedProposal revoke = peer.proposals(REVOKE_ROBOT.functionName()).get(0);
        assertThat(revoke.args().get(0)).isEqualTo("revoke-press-7");
        JsonNode request = JSON.readTree(revoke.args().get(1));
        assertThat(request.propertyNames()).containsExactly("robotId", "reason");
        assertThat(request.get("robotId").asString()).isEqualTo("press-7");
        assertThat(request.get("reason").asString()).isEqualTo(LedgerRobotRegistry.REVOCATION_REASON);
        assertThat(peer.robots().get("press-7").get("status").asText()).isEqualTo("REVOKED");
        assertThat(peer.recordedEvents())
                .containsOnlyKeys(
                        peer.proposals(REGISTER_ROBOT.functionName())
                                .get(0)
                                .args()
                                .get(0),
                        "revoke-press-7");
    }

    @Test
    void aRobotRevokedOnTheLedgerBeforeCountsAsRevoked() {
        peer.registerRobot("ManufacturerMSP", "press-7", key);
        peer.revokeRobot("ManufacturerMSP", "press-7");

        robots.revoke("press-7");

        assertThat(peer.proposals())
                .extracting(ReceivedProposal::function)
                .containsExactly(REVOKE_ROBOT.functionName(), GET_ROBOT.functionName());
        assertThat(peer.commits()).isEmpty();
    }

    @Test
    void revokingARobotTheLedgerDoesNotHoldIsRefusedWithTheChaincodesCode() {
        ChaincodeRefusedException refused =
                catchThrowableOfType(ChaincodeRefusedException.class, () -> robots.revoke("ghost-1"));

        assertThat(refused.code()).isEqualTo(ErrorCode.ROBOT_NOT_FOUND);
        assertThat(refused.detail()).isEqualTo("robot ghost-1 is not registered");
    }

    private static byte[] der(String pem) {
        return Base64.getDecoder()
                .decode(pem.replaceAll("-----(BEGIN|END) PUBLIC KEY-----", "").replaceAll("\\s", ""));
    }

    private static KeyPair p256() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"));
            return generator.generateKeyPair();
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
