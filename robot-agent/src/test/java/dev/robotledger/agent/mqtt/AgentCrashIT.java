package dev.robotledger.agent.mqtt;

import static org.assertj.core.api.Assertions.assertThat;

import dev.robotledger.agent.identity.RobotIdentity;
import dev.robotledger.agent.sim.Simulator;
import dev.robotledger.agent.testing.Await;
import dev.robotledger.agent.testing.MosquittoBroker;
import dev.robotledger.agent.testing.TestSubscriber;
import dev.robotledger.wire.crypto.KeyFiles;
import dev.robotledger.wire.message.Envelope;
import dev.robotledger.wire.message.Reading;
import dev.robotledger.wire.topic.Topic;
import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.security.PublicKey;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The simulator as a real child process, killed with SIGKILL mid-stream and started again. */
class AgentCrashIT {

    private static final List<String> ROBOTS = List.of("robot-001", "robot-002");

    @TempDir
    Path state;

    @Test
    void killedAgentProcessRestartsWithItsKeyNeverReusesANumberAndLosesNothingItStored() throws Exception {
        try (MosquittoBroker broker = MosquittoBroker.start();
                TestSubscriber subscriber =
                        TestSubscriber.subscribe(broker.uri(), "it-crash", Topic.ALL_ROBOTS_FILTER)) {
            Process first = simulator(broker, "60s");
            Await.until(Duration.ofSeconds(30), () -> "both robots publishing; simulator log: " + log("60s"), () -> {
                DeliveryLog log = DeliveryLog.of(subscriber.received());
                return ROBOTS.stream().allMatch(id -> log.hasFirst(id, 20));
            });
            first.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            assertThat(first.isAlive()).isFalse();

            Process second = simulator(broker, "2s");
            assertThat(second.waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertThat(second.exitValue())
                    .as("exit code (0: backlog drained); log: %s", log("2s"))
                    .isZero();

            DeliveryLog log = DeliveryLog.of(subscriber.received());
            for (String robotId : ROBOTS) {
                PublicKey key = KeyFiles.readPublicKey(state.resolve(robotId).resolve(RobotIdentity.PUBLIC_KEY_FILE));
                List<Long> seqs = new ArrayList<>(new TreeSet<>(log.envelopeSeqs(robotId)));
                assertAtMostOneGap(robotId + " envelope numbers", seqs);
                assertAtMostOneGap(
                        robotId + " reading numbers",
                        log.readings(robotId).stream().map(Reading::readingSeq).toList());
                for (Envelope envelope : log.envelopes(robotId)) {
                    assertThat(envelope.verify(key))
                            .as("signature of %s", envelope.id())
                            .isTrue();
                }
            }
        }
    }

    // Numbers run 1, 2, 3... without a hole, except one jump at the crash: numbers reserved but never used.
    private static void assertAtMostOneGap(String what, List<Long> numbers) {
        assertThat(numbers).as(what).isNotEmpty().startsWith(1L).isSorted().doesNotHaveDuplicates();
        int gaps = 0;
        for (int i = 1; i < numbers.size(); i++) {
            if (numbers.get(i) != numbers.get(i - 1) + 1) {
                gaps++;
            }
        }
        assertThat(gaps).as("gaps in %s", what).isLessThanOrEqualTo(1);
    }

    private String log(String duration) {
        try {
            return java.nio.file.Files.readString(state.resolve("simulator-" + duration + ".log"));
        } catch (IOException e) {
            return "unreadable: " + e;
        }
    }

    private Process simulator(MosquittoBroker broker, String duration) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        return new ProcessBuilder(
                        java,
                        "-cp",
                        System.getProperty("java.class.path"),
                        Simulator.class.getName(),
                        "--robots",
                        "2",
                        "--rate",
                        "400/s",
                        "--window-readings",
                        "20",
                        "--window-millis",
                        "100",
                        "--events-every",
                        "50",
                        "--broker",
                        broker.uri(),
                        "--state-dir",
                        state.toString(),
                        "--duration",
                        duration,
                        "--drain-timeout",
                        "30s")
                .redirectErrorStream(true)
                .redirectOutput(new File(state.toFile(), "simulator-" + duration + ".log"))
                .start();
    }
}
