package dev.robotledger.gateway.ingestion;

import static org.assertj.core.api.Assertions.assertThat;

import dev.robotledger.gateway.robots.RegisteredRobot;
import dev.robotledger.gateway.robots.RobotDirectory;
import dev.robotledger.gateway.robots.RobotStatus;
import dev.robotledger.gateway.testing.TestRobot;
import dev.robotledger.wire.message.Envelope;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class MessageVerifierTest {

    private static final int MAX_BYTES = 64 * 1024;

    private final TestRobot robot = new TestRobot("r-1");
    private final Map<String, RegisteredRobot> registered = new HashMap<>();
    private final RobotDirectory directory = robotId -> Optional.ofNullable(registered.get(robotId));
    private final MessageVerifier verifier = new MessageVerifier(directory, MAX_BYTES);

    private void register(TestRobot robot, RobotStatus status) {
        registered.put(robot.robotId(), new RegisteredRobot(robot.robotId(), robot.keys().getPublic(), status,
                Instant.EPOCH));
    }

    private static Delivery delivery(String topic, byte[] payload) {
        return new Delivery(topic, payload, Instant.EPOCH, () -> { });
    }

    private Screening screen(Envelope envelope) {
        return verifier.screen(delivery(robot.topicFor(envelope), envelope.toBytes()));
    }

    private static RejectionReason reasonOf(Screening screening) {
        assertThat(screening).isInstanceOf(Screening.Refused.class);
        return ((Screening.Refused) screening).reason();
    }

    @Test
    void passesSignedWindowFromActiveRobotWithItsReadingLeaves() {
        register(robot, RobotStatus.ACTIVE);
        Envelope window = robot.window(5);

        Screening screening = screen(window);

        assertThat(screening).isInstanceOf(Screening.Passed.class);
        Screening.Passed passed = (Screening.Passed) screening;
        assertThat(passed.envelope().id()).isEqualTo("r-1/1");
        assertThat(passed.readingLeaves()).hasSize(5);
        assertThat(passed.readingLeaves().get(0))
                .isEqualTo(window.telemetryWindow().readings().get(0).leafBytes("r-1"));
    }

    @Test
    void passesSignedProductionEventWithoutReadings() {
        register(robot, RobotStatus.ACTIVE);

        Screening screening = screen(robot.event("c-1"));

        assertThat(screening).isInstanceOf(Screening.Passed.class);
        assertThat(((Screening.Passed) screening).readingLeaves()).isEmpty();
    }

    @Test
    void rejectsOversizedPayloadBeforeParsing() {
        register(robot, RobotStatus.ACTIVE);
        byte[] huge = new byte[MAX_BYTES + 1];

        Screening screening = verifier.screen(delivery("factory/p/l/r-1/telemetry", huge));

        assertThat(reasonOf(screening)).isEqualTo(RejectionReason.OVERSIZED);
        assertThat(((Screening.Refused) screening).detail()).contains(Integer.toString(MAX_BYTES + 1));
    }

    @Test
    void rejectsMalformedJson() {
        register(robot, RobotStatus.ACTIVE);

        Screening screening = verifier.screen(delivery("factory/p/l/r-1/event",
                "{\"robotId\":\"r-1\",".getBytes(StandardCharsets.UTF_8)));

        assertThat(reasonOf(screening)).isEqualTo(RejectionReason.MALFORMED);
    }

    @Test
    void rejectsTopicNamingAnotherRobot() {
        register(robot, RobotStatus.ACTIVE);
        Envelope event = robot.event("c-1");

        Screening screening = verifier.screen(delivery("factory/plant-1/line-a/r-2/event", event.toBytes()));

        assertThat(reasonOf(screening)).isEqualTo(RejectionReason.TOPIC_MISMATCH);
        assertThat(((Screening.Refused) screening).detail()).contains("r-1/1", "r-2");
    }

    @Test
    void rejectsEventPublishedOnTelemetryTopic() {
        register(robot, RobotStatus.ACTIVE);
        Envelope event = robot.event("c-1");

        Screening screening = verifier.screen(delivery("factory/plant-1/line-a/r-1/telemetry", event.toBytes()));

        assertThat(reasonOf(screening)).isEqualTo(RejectionReason.TOPIC_MISMATCH);
    }

    @Test
    void rejectsTopicOutsideTheNamespace() {
        register(robot, RobotStatus.ACTIVE);

        Screening screening = verifier.screen(delivery("factory/plant-1/line-a/r-1/event/extra",
                robot.event("c-1").toBytes()));

        assertThat(reasonOf(screening)).isEqualTo(RejectionReason.TOPIC_MISMATCH);
    }

    @Test
    void rejectsUnknownRobot() {
        Screening screening = screen(robot.event("c-1"));

        assertThat(reasonOf(screening)).isEqualTo(RejectionReason.UNKNOWN_ROBOT);
        assertThat(((Screening.Refused) screening).robotId()).isEqualTo("r-1");
    }

    @Test
    void rejectsRevokedRobot() {
        register(robot, RobotStatus.REVOKED);

        assertThat(reasonOf(screen(robot.event("c-1")))).isEqualTo(RejectionReason.REVOKED_ROBOT);
    }

    @Test
    void rejectsSignatureByAnotherKeyAsForged() {
        TestRobot impostor = new TestRobot("r-1");
        register(robot, RobotStatus.ACTIVE);

        Screening screening = verifier.screen(delivery(robot.topicFor(robot.event("x")),
                impostor.event("c-1").toBytes()));

        assertThat(reasonOf(screening)).isEqualTo(RejectionReason.FORGED_SIGNATURE);
        assertThat(((Screening.Refused) screening).seq()).isEqualTo(1L);
    }

    @Test
    void rejectsAlteredPayloadAsForged() {
        register(robot, RobotStatus.ACTIVE);
        Envelope event = robot.event("c-1");
        byte[] tampered = new String(event.toBytes(), StandardCharsets.UTF_8)
                .replace("press-3", "press-4").getBytes(StandardCharsets.UTF_8);

        Screening screening = verifier.screen(delivery(robot.topicFor(event), tampered));

        assertThat(reasonOf(screening)).isEqualTo(RejectionReason.FORGED_SIGNATURE);
    }
}
