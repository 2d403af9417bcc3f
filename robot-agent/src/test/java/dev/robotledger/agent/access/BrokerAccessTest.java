package dev.robotledger.agent.access;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BrokerAccessTest {

    @TempDir
    Path dir;

    @Test
    void writingTheFilesAgainKeepsThePasswordFilesOwnerAndModeForTheBroker() throws Exception {
        BrokerFiles files = BrokerAccess.write(dir, List.of("robot-001"), "gateway");
        // What network/system.sh does before it starts Mosquitto as root: hand the file to the broker's user.
        Files.setPosixFilePermissions(files.passwordFile(), PosixFilePermissions.fromString("rw-r-----"));
        boolean root = "root".equals(System.getProperty("user.name"));
        UserPrincipal broker = root
                ? dir.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName("nobody")
                : Files.getOwner(files.passwordFile());
        Files.setOwner(files.passwordFile(), broker);

        BrokerAccess.write(dir, List.of("robot-001", "robot-002"), "gateway");

        assertThat(Files.readAllLines(files.passwordFile())).hasSize(3);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(files.passwordFile())))
                .isEqualTo("rw-r-----");
        assertThat(Files.getOwner(files.passwordFile())).isEqualTo(broker);
    }
}
