package dev.robotledger.agent.sim;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.robotledger.agent.testing.Await;
import dev.robotledger.agent.testing.MosquittoBroker;
import dev.robotledger.agent.testing.TestSubscriber;
import dev.robotledger.agent.testing.TestSubscriber.Received;
import dev.robotledger.wire.crypto.KeyFiles;
import dev.robotledger.wire.message.Envelope;
import dev.robotledger.wire.message.MessageType;
import dev.robotledger.wire.topic.Topic;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.PublicKey;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SimulatorIT {

    @TempDir
    Path state;

    @Test
    void enrolledRobotsPublishSignedWindowsAndEventsThenStopWithAnEmptyBacklog() throws Exception {
        try (MosquittoBroker broker = MosquittoBroker.start();
             TestSubscriber subscriber = TestSubscriber.subscribe(broker.uri(), "it-sim", Topic.ALL_ROBOTS_FILTER)) {
            Map<String, PublicKey> keys = enrol();
            assertThat(keys).containsOnlyKeys("robot-001", "robot-002", "robot-003");

            ByteArrayOutputStream output = new ByteArrayOutputStream();
            String[] args = {"--robots", "3", "--rate", "500/s", "--broker", broker.uri(), "--state-dir", state.toString(),
                    "--window-readings", "50", "--events-every", "100", "--duration", "2s"};
            int exit = Simulator.commandLine(new PrintStream(output, true, StandardCharsets.UTF_8), args).execute(args);

            assertThat(exit).as(output.toString(StandardCharsets.UTF_8)).isZero();
            assertThat(output.toString(StandardCharsets.UTF_8)).contains("backlog 0");
            Await.until(Duration.ofSeconds(20), "windows and events of all three robots arrive",
                    () -> typesByRobot(subscriber.received()).size() == 3
                            && typesByRobot(subscriber.received()).values().stream().allMatch(t -> t.size() >= 3));
            for (Received message : subscriber.received()) {
                Envelope envelope = Envelope.parse(message.payload(), Envelope.DEFAULT_MAX_BYTES);
                assertThat(envelope.verify(keys.get(envelope.robotId()))).as(envelope.id()).isTrue();
            }
        }
    }

    private Map<String, PublicKey> enrol() throws Exception {
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        String[] args = {"enrol", "--robots", "3", "--state-dir", state.toString()};
        assertThat(Simulator.commandLine(new PrintStream(output, true, StandardCharsets.UTF_8), args).execute(args)).isZero();
        Map<String, PublicKey> keys = new HashMap<>();
        for (JsonNode robot : new ObjectMapper().readTree(output.toByteArray()).get("robots")) {
            keys.put(robot.get("robotId").asText(), KeyFiles.parsePublicKeyPem(robot.get("publicKeyPem").asText()));
        }
        return keys;
    }

    private static Map<String, java.util.Set<MessageType>> typesByRobot(List<Received> received) {
        Map<String, java.util.Set<MessageType>> types = new HashMap<>();
        for (Received message : received) {
            Envelope envelope = Envelope.parse(message.payload(), Envelope.DEFAULT_MAX_BYTES);
            types.computeIfAbsent(envelope.robotId(), id -> java.util.EnumSet.noneOf(MessageType.class))
                    .add(envelope.type());
        }
        return types;
    }
}
