package dev.robotledger.chaincode.robot;

import static org.assertj.core.api.Assertions.assertThat;

import dev.robotledger.chaincode.ledger.Json;
import dev.robotledger.contract.RobotCapability;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class RobotRecordTest {

    @Test
    void aRobotRecordedBeforeCapabilitiesExistedMayStillRecordWhatItCouldThen() {
        String recordedEarlier = """
                {"id":"robot-003","ownerOrg":"ManufacturerMSP","model":"arm","site":"s1","line":"l1","station":"st-1",
                 "publicKeyPem":"-----BEGIN PUBLIC KEY-----","status":"ACTIVE","enrolledAtEpochMillis":1}""";

        Robot robot = Json.readState(recordedEarlier.getBytes(StandardCharsets.UTF_8), Robot.class);

        assertThat(robot.capabilities()).containsExactly(RobotCapability.values());
        assertThat(robot.requireCapability(RobotCapability.PRODUCE, "record a production"))
                .isSameAs(robot);
    }
}
