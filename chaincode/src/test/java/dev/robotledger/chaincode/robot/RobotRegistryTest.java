package dev.robotledger.chaincode.robot;

import static dev.robotledger.chaincode.testing.Scenario.LENDER;
import static dev.robotledger.chaincode.testing.Scenario.MANUFACTURER;
import static dev.robotledger.chaincode.testing.Scenario.RETAILER;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import dev.robotledger.chaincode.access.Caller;
import dev.robotledger.chaincode.access.OrgRole;
import dev.robotledger.chaincode.testing.ContractHarness;
import dev.robotledger.chaincode.testing.Fixtures;
import dev.robotledger.chaincode.testing.Scenario;
import dev.robotledger.contract.ErrorCode;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.hyperledger.fabric.shim.ChaincodeException;
import org.hyperledger.fabric.shim.ext.sbe.impl.StateBasedEndorsementFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RobotRegistryTest {

    private final ContractHarness harness = new ContractHarness();
    private final Scenario scenario = new Scenario(harness);

    @Test
    void registersRobotOwnedByCallerWithTransactionTimeAsEnrolment() {
        long txTime = harness.nextTxEpochMillis();
        JsonNode robot = Fixtures.tree(scenario.registerRobot("r1"));

        assertThat(robot.get("id").asText()).isEqualTo("r1");
        assertThat(robot.get("ownerOrg").asText()).isEqualTo(MANUFACTURER);
        assertThat(robot.get("status").asText()).isEqualTo("ACTIVE");
        assertThat(robot.get("enrolledAtEpochMillis").asLong()).isEqualTo(txTime);
        assertThat(robot.get("station").asText()).isEqualTo("st-r1");
        assertThat(robot.get("publicKeyPem").asText()).startsWith("-----BEGIN PUBLIC KEY-----\n");
        assertThat(harness.lastEvent()).hasValueSatisfying(event -> {
            assertThat(event.name()).isEqualTo("RobotRegistered");
            JsonNode payload = Fixtures.tree(new String(event.payload(), StandardCharsets.UTF_8));
            assertThat(payload.get("entityId").asText()).isEqualTo("r1");
            assertThat(payload.get("eventId").asText()).isEqualTo("evt-1");
            assertThat(payload.get("txId").asText()).isEqualTo(event.txId());
        });
        assertThat(harness.evaluate(RETAILER, (c, ctx) -> c.getRobot(ctx, "r1")))
                .isEqualTo(robot.toString());
    }

    @Test
    void makesTheOwnerTheEndorserOfItsRobot() {
        scenario.registerRobot("r1");

        byte[] policy = harness.validationParameter("robot", "r1");
        assertThat(StateBasedEndorsementFactory.getInstance()
                        .newStateBasedEndorsement(policy)
                        .listOrgs())
                .containsExactly(MANUFACTURER);
    }

    @Test
    void storesEqualKeysAsEqualTextWhateverTheirLineBreaks() {
        Map<String, Object> request = Fixtures.robot("r1");
        String pem = (String) request.get("publicKeyPem");
        request.put("publicKeyPem", "\n  " + pem.replace("\n", "\r\n") + "  ");

        JsonNode robot = Fixtures.tree(
                harness.submit(MANUFACTURER, (c, ctx) -> c.registerRobot(ctx, "e1", Fixtures.json(request))));

        assertThat(robot.get("publicKeyPem").asText()).isEqualTo(pem);
    }

    @ParameterizedTest
    @ValueSource(strings = {"secp384r1", "rsa"})
    void refusesKeysThatAreNotP256(String curve) {
        String pem = curve.equals("secp384r1")
                ? Fixtures.publicKeyPem("EC", "secp384r1")
                : Fixtures.publicKeyPem("RSA", 2048);
        Map<String, Object> request = Fixtures.robot("r1");
        request.put("publicKeyPem", pem);

        ChaincodeException refusal =
                harness.refusal(MANUFACTURER, (c, ctx) -> c.registerRobot(ctx, "e1", Fixtures.json(request)));

        assertThat(ContractHarness.code(refusal)).isEqualTo(ErrorCode.INVALID_PUBLIC_KEY);
        assertThat(refusal.getMessage()).contains("r1");
    }

    @Test
    void refusesTextThatIsNotAPemKey() {
        Map<String, Object> request = Fixtures.robot("r1");
        request.put("publicKeyPem", "-----BEGIN PUBLIC KEY-----\nbm90IGEga2V5\n-----END PUBLIC KEY-----");

        assertThat(harness.refusalCode(MANUFACTURER, (c, ctx) -> c.registerRobot(ctx, "e1", Fixtures.json(request))))
                .isEqualTo(ErrorCode.INVALID_PUBLIC_KEY);
    }

    @Test
    void refusesSecondRegistrationOfTheSameRobot() {
        scenario.registerRobot("r1");

        ChaincodeException refusal = harness.refusal(
                MANUFACTURER, (c, ctx) -> c.registerRobot(ctx, "e-other", Fixtures.json(Fixtures.robot("r1"))));

        assertThat(ContractHarness.code(refusal)).isEqualTo(ErrorCode.ROBOT_ALREADY_EXISTS);
        assertThat(refusal.getMessage()).contains("r1");
    }

    @Test
    void refusesRegistrationFromNonManufacturers() {
        for (String msp : new String[] {RETAILER, LENDER}) {
            assertThat(harness.refusalCode(
                            msp, (c, ctx) -> c.registerRobot(ctx, "e1", Fixtures.json(Fixtures.robot("r1")))))
                    .isEqualTo(ErrorCode.FORBIDDEN_ORG);
        }
    }

    @Test
    void refusesCallersOutsideTheChannelsOrgs() {
        ChaincodeException refusal = harness.refusal(
                "IntruderMSP", (c, ctx) -> c.registerRobot(ctx, "e1", Fixtures.json(Fixtures.robot("r1"))));

        assertThat(ContractHarness.code(refusal)).isEqualTo(ErrorCode.FORBIDDEN_ORG);
        assertThat(refusal.getMessage()).contains("IntruderMSP");
    }

    @Test
    void refusesRobotIdsWithControlCharacters() {
        Map<String, Object> request = Fixtures.robot("r\u00071");

        ChaincodeException refusal =
                harness.refusal(MANUFACTURER, (c, ctx) -> c.registerRobot(ctx, "e1", Fixtures.json(request)));

        assertThat(ContractHarness.code(refusal)).isEqualTo(ErrorCode.INVALID_ARGUMENT);
        assertThat(refusal.getMessage()).contains("robotId").contains("r\\u00071");
    }

    @Test
    void refusesRequestsWithUnknownOrMissingFields() {
        Map<String, Object> misspelt = Fixtures.robot("r1");
        misspelt.put("modle", "x");
        Map<String, Object> incomplete = Fixtures.robot("r1");
        incomplete.remove("station");

        assertThat(harness.refusalCode(MANUFACTURER, (c, ctx) -> c.registerRobot(ctx, "e1", Fixtures.json(misspelt))))
                .isEqualTo(ErrorCode.INVALID_ARGUMENT);
        assertThat(harness.refusal(MANUFACTURER, (c, ctx) -> c.registerRobot(ctx, "e1", Fixtures.json(incomplete))))
                .hasMessageContaining("station");
        assertThat(harness.refusalCode(MANUFACTURER, (c, ctx) -> c.registerRobot(ctx, "e1", "{not json")))
                .isEqualTo(ErrorCode.INVALID_ARGUMENT);
    }

    @Test
    void revokesRobotAndRecordsWhenAndWhy() {
        scenario.registerRobot("r1");
        long txTime = harness.nextTxEpochMillis();

        JsonNode robot = Fixtures.tree(harness.submit(
                MANUFACTURER,
                (c, ctx) -> c.revokeRobot(
                        ctx, "e-revoke", Fixtures.json(Map.of("robotId", "r1", "reason", "key leaked")))));

        assertThat(robot.get("status").asText()).isEqualTo("REVOKED");
        assertThat(robot.get("revokedAtEpochMillis").asLong()).isEqualTo(txTime);
        assertThat(robot.get("revocationReason").asText()).isEqualTo("key leaked");
        assertThat(harness.lastEvent())
                .hasValueSatisfying(event -> assertThat(event.name()).isEqualTo("RobotRevoked"));
    }

    @Test
    void refusesRevokingARevokedOrUnknownRobot() {
        scenario.registerRobot("r1");
        String revocation = Fixtures.json(Map.of("robotId", "r1", "reason", "retired"));
        harness.submit(MANUFACTURER, (c, ctx) -> c.revokeRobot(ctx, "e-1", revocation));

        assertThat(harness.refusalCode(MANUFACTURER, (c, ctx) -> c.revokeRobot(ctx, "e-2", revocation)))
                .isEqualTo(ErrorCode.ROBOT_REVOKED);
        assertThat(harness.refusal(
                        MANUFACTURER,
                        (c, ctx) -> c.revokeRobot(
                                ctx, "e-3", Fixtures.json(Map.of("robotId", "r404", "reason", "retired")))))
                .hasMessageContaining("r404")
                .satisfies(refusal -> assertThat(ContractHarness.code(refusal)).isEqualTo(ErrorCode.ROBOT_NOT_FOUND));
    }

    @Test
    void refusesRobotsOfAnotherManufacturer() {
        Robot robot = new Robot(
                "r1", "OtherManufacturerMSP", "m", "s", "l", "st", List.of(), "pem", RobotStatus.ACTIVE, 0, null, null);

        ChaincodeException refusal = catchThrowableOfType(
                ChaincodeException.class,
                () -> RobotRegistry.requireOwner(robot, new Caller(MANUFACTURER, OrgRole.MANUFACTURER)));

        assertThat(ContractHarness.code(refusal)).isEqualTo(ErrorCode.NOT_ROBOT_OWNER);
        assertThat(refusal.getMessage()).contains("r1", "OtherManufacturerMSP");
    }

    @Test
    void reportsUnknownRobotOnLookup() {
        ChaincodeException refusal = catchThrowableOfType(
                ChaincodeException.class, () -> harness.evaluate(RETAILER, (c, ctx) -> c.getRobot(ctx, "r404")));

        assertThat(ContractHarness.code(refusal)).isEqualTo(ErrorCode.ROBOT_NOT_FOUND);
    }
}
