package dev.robotledger.gateway.live;

import static org.assertj.core.api.Assertions.assertThat;

import dev.robotledger.gateway.access.Role;
import dev.robotledger.gateway.testing.Await;
import dev.robotledger.gateway.testing.InProcessGateway;
import dev.robotledger.gateway.testing.JournalAndBroker;
import dev.robotledger.gateway.testing.Publisher;
import dev.robotledger.gateway.testing.TestRobot;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.MediaType;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.Disposable;
import tools.jackson.databind.JsonNode;

/** An SSE client reading {@code /api/events} from a gateway fed by a real Mosquitto and PostgreSQL. */
class LiveEventsIT {

    @RegisterExtension
    static final JournalAndBroker INFRA = new JournalAndBroker();

    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    @Test
    void streamsSnapshotsRobotChangesAndRejectionsWhileARobotPublishes() {
        TestRobot robot = new TestRobot("live-1");
        List<ServerSentEvent<JsonNode>> received = new CopyOnWriteArrayList<>();
        try (InProcessGateway gateway = InProcessGateway.start(
                        INFRA.postgres(),
                        INFRA.broker().uri(),
                        "gateway-live",
                        "gateway.live.snapshot-interval=200ms");
                Publisher publisher = new Publisher(INFRA.broker().uri(), "robots-live")) {
            Disposable stream = WebClient.create("http://127.0.0.1:" + gateway.port())
                    .get()
                    .uri("/api/events")
                    .headers(headers -> headers.setBearerAuth(gateway.token(Role.OPERATOR)))
                    .accept(MediaType.TEXT_EVENT_STREAM)
                    .retrieve()
                    .bodyToFlux(new ParameterizedTypeReference<ServerSentEvent<JsonNode>>() {})
                    .subscribe(received::add);
            try {
                awaitEvent(received, "ingestion", data -> data.has("readingsPerSecond"));

                gateway.register(robot);
                JsonNode registered = awaitEvent(
                        received,
                        "robot",
                        data -> data.path("robotId").asString().equals("live-1"));
                assertThat(registered.path("status").asString()).isEqualTo("ACTIVE");

                for (int i = 0; i < 20; i++) {
                    publisher.publish(robot, robot.window(10));
                }
                awaitEvent(
                        received,
                        "ingestion",
                        data -> data.path("readingsPerSecond").asDouble() > 0
                                && data.path("envelopesPerSecond").asDouble() > 0);
                JsonNode batched = awaitEvent(
                        received,
                        "ingestion",
                        data -> data.path("anchorBatches").path("sealed").asLong() > 0);
                assertThat(batched.path("anchorBatches")
                                .path("pendingSubmission")
                                .asLong())
                        .isEqualTo(batched.path("anchorBatches").path("sealed").asLong());
                assertThat(batched.path("anchorBatches").path("anchored").asLong())
                        .isZero();
                assertThat(batched.path("ledgerConnected").asBoolean()).isFalse();

                // The same robot id under another key: a forged signature.
                TestRobot forger = new TestRobot("live-1");
                forger.skip(100);
                publisher.publish(forger, forger.window(10));
                JsonNode forged = awaitEvent(
                        received,
                        "rejected",
                        data -> data.path("reason").asString().equals("FORGED_SIGNATURE"));
                assertThat(forged.path("robotId").asString()).isEqualTo("live-1");
                assertThat(forged.path("detail").asString()).contains("live-1");
                awaitEvent(
                        received,
                        "ingestion",
                        data -> data.path("rejectedSinceStart")
                                        .path("FORGED_SIGNATURE")
                                        .asLong()
                                == 1);

                gateway.web()
                        .post()
                        .uri("/api/robots/live-1/revoke")
                        .exchange()
                        .expectStatus()
                        .isOk();
                awaitEvent(
                        received,
                        "robot",
                        data -> data.path("status").asString().equals("REVOKED"));
                publisher.publish(robot, robot.window(10));
                JsonNode revoked = awaitEvent(
                        received,
                        "rejected",
                        data -> data.path("reason").asString().equals("REVOKED_ROBOT"));
                assertThat(revoked.path("robotId").asString()).isEqualTo("live-1");
                assertThat(received)
                        .filteredOn(event -> "rejected".equals(event.event()))
                        .hasSize(2);
                assertThat(received)
                        .filteredOn(event -> "robot".equals(event.event()))
                        .hasSize(2);
            } finally {
                stream.dispose();
            }
        }
    }

    @Test
    void endsOpenStreamsWhenTheGatewayStops() {
        List<ServerSentEvent<JsonNode>> received = new CopyOnWriteArrayList<>();
        List<String> ended = new CopyOnWriteArrayList<>();
        InProcessGateway gateway = InProcessGateway.start(
                INFRA.postgres(), INFRA.broker().uri(), "gateway-live-stop", "gateway.live.snapshot-interval=200ms");
        try {
            WebClient.create("http://127.0.0.1:" + gateway.port())
                    .get()
                    .uri("/api/events")
                    .headers(headers -> headers.setBearerAuth(gateway.token(Role.OPERATOR)))
                    .retrieve()
                    .bodyToFlux(new ParameterizedTypeReference<ServerSentEvent<JsonNode>>() {})
                    .subscribe(received::add, error -> ended.add("error: " + error), () -> ended.add("completed"));
            awaitEvent(received, "ingestion", data -> data.has("anchorBatches"));
        } finally {
            gateway.close();
        }
        // Graceful shutdown would otherwise wait for the endless response until its timeout.
        Await.until("the stream ended", TIMEOUT, () -> !ended.isEmpty(), () -> ended);
        assertThat(ended).containsExactly("completed");
    }

    private static JsonNode awaitEvent(
            List<ServerSentEvent<JsonNode>> received, String type, Predicate<JsonNode> matching) {
        Await.until(
                "a '" + type + "' event matching the test",
                TIMEOUT,
                () -> find(received, type, matching).isPresent(),
                () -> received.stream()
                        .filter(event -> type.equals(event.event()))
                        .reduce((a, b) -> b)
                        .map(ServerSentEvent::data)
                        .orElse(null));
        return find(received, type, matching).orElseThrow();
    }

    private static Optional<JsonNode> find(
            List<ServerSentEvent<JsonNode>> received, String type, Predicate<JsonNode> matching) {
        return received.stream()
                .filter(event -> type.equals(event.event()))
                .map(ServerSentEvent::data)
                .filter(matching)
                .findFirst();
    }
}
