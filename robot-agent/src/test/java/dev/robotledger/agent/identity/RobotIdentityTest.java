package dev.robotledger.agent.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.robotledger.wire.crypto.KeyFiles;
import dev.robotledger.wire.message.MessageType;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RobotIdentityTest {

    @TempDir
    Path dir;

    @Test
    void createsTheKeyPairOnFirstStartAndReusesItAfter() throws Exception {
        RobotIdentity first = RobotIdentity.loadOrCreate(dir, "r-1", "s1", "l1");
        RobotIdentity second = RobotIdentity.loadOrCreate(dir, "r-1", "s1", "l1");
        assertThat(second.publicKey()).isEqualTo(first.publicKey());
        assertThat(second.privateKey()).isEqualTo(first.privateKey());
        assertThat(Files.readString(dir.resolve(RobotIdentity.PRIVATE_KEY_FILE)))
                .startsWith("-----BEGIN PRIVATE KEY-----");
    }

    @Test
    void enrolmentCarriesIdPlaceAndPublicKey() throws Exception {
        RobotIdentity identity = RobotIdentity.loadOrCreate(dir, "r-1", "s1", "l1");
        var enrolment = identity.enrolment(new ObjectMapper());
        assertThat(enrolment.get("robotId").asText()).isEqualTo("r-1");
        assertThat(enrolment.get("site").asText()).isEqualTo("s1");
        assertThat(KeyFiles.parsePublicKeyPem(enrolment.get("publicKeyPem").asText()))
                .isEqualTo(identity.publicKey());
        assertThat(identity.topic(MessageType.ASSEMBLED).format()).isEqualTo("factory/s1/l1/r-1/event");
    }

    @Test
    void refusesAPublicKeyFileThatIsNotThePrivateKeysPartner() throws Exception {
        RobotIdentity.loadOrCreate(dir, "r-1", "s1", "l1");
        Path other = dir.resolve("other");
        RobotIdentity.loadOrCreate(other, "r-2", "s1", "l1");
        Files.copy(
                other.resolve(RobotIdentity.PUBLIC_KEY_FILE),
                dir.resolve(RobotIdentity.PUBLIC_KEY_FILE),
                java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        assertThatThrownBy(() -> RobotIdentity.loadOrCreate(dir, "r-1", "s1", "l1"))
                .hasMessageContaining("r-1")
                .hasMessageContaining("does not belong");
    }

    @Test
    void refusesIdsOutsideTheTopicNamespace() {
        assertThatThrownBy(() -> RobotIdentity.loadOrCreate(dir, "r/1", "s1", "l1"))
                .hasMessageContaining("robotId");
    }
}
