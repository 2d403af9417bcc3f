package dev.robotledger.agent.sim;

import static org.assertj.core.api.Assertions.assertThat;

import dev.robotledger.agent.access.BrokerAccess;
import dev.robotledger.agent.testing.Await;
import dev.robotledger.agent.testing.MosquittoBroker;
import dev.robotledger.agent.testing.TestSubscriber;
import dev.robotledger.wire.topic.Topic;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SecuredSimulatorIT {

    @TempDir
    Path tmp;

    @Test
    void robotsAdmittedByBrokerAccessPublishToABrokerWithoutAnonymousAccess() throws Exception {
        Path credentials = tmp.resolve("credentials");
        ByteArrayOutputStream accessOutput = new ByteArrayOutputStream();
        String[] access = {"broker-access", "--robots", "2", "--credentials-dir", credentials.toString()};
        assertThat(Simulator.commandLine(new PrintStream(accessOutput, true, StandardCharsets.UTF_8), access)
                        .execute(access))
                .isZero();
        assertThat(accessOutput.toString(StandardCharsets.UTF_8))
                .contains(
                        "allow_anonymous false",
                        "password_file "
                                + credentials
                                        .resolve(BrokerAccess.PASSWORD_FILE)
                                        .toAbsolutePath(),
                        "acl_file " + credentials.resolve(BrokerAccess.ACL_FILE).toAbsolutePath());

        try (MosquittoBroker broker = MosquittoBroker.startSecured(
                        credentials.resolve(BrokerAccess.PASSWORD_FILE), credentials.resolve(BrokerAccess.ACL_FILE));
                TestSubscriber gateway = TestSubscriber.subscribe(
                        broker.uri(),
                        "gw",
                        Topic.ALL_ROBOTS_FILTER,
                        "gateway",
                        Files.readString(credentials.resolve("gateway.password"))
                                .strip())) {
            ByteArrayOutputStream output = new ByteArrayOutputStream();
            String[] args = {
                "--robots",
                "2",
                "--rate",
                "200/s",
                "--broker",
                broker.uri(),
                "--state-dir",
                tmp.resolve("state").toString(),
                "--credentials-dir",
                credentials.toString(),
                "--duration",
                "1s",
                "--drain-timeout",
                "20s"
            };
            int exit = Simulator.commandLine(new PrintStream(output, true, StandardCharsets.UTF_8), args)
                    .execute(args);

            assertThat(exit).as(output.toString(StandardCharsets.UTF_8)).isZero();
            Await.until(
                    Duration.ofSeconds(20),
                    "both robots' messages arrive",
                    () -> gateway.received().stream()
                                    .map(m -> Topic.parse(m.topic()).robotId())
                                    .distinct()
                                    .count()
                            == 2);
        }
    }
}
