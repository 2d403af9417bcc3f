package dev.robotledger.gateway.testing;

import static dev.robotledger.gateway.testing.ProductionPayloads.check;
import static dev.robotledger.gateway.testing.ProductionPayloads.component;
import static org.assertj.core.api.Assertions.assertThat;

import dev.robotledger.gateway.access.Role;
import dev.robotledger.wire.message.Envelope;
import dev.robotledger.wire.message.MessageType;
import java.time.Duration;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * Loans made the way users make them, through the gateways of the tests' Fabric network: a good
 * the manufacturer's robot produced (in an anchored window) and checked over MQTT, and the calls of
 * the loan API with the status each must answer.
 */
public final class GatewayLoans {

    private static final ObjectMapper JSON = new ObjectMapper();

    private GatewayLoans() {}

    /** Publishes a window, the production of {@code goodId} in it and a passed check; returns once both are committed. */
    public static void madeAndChecked(
            InProcessGateway manufacturer,
            Publisher publisher,
            TestRobot robot,
            String goodId,
            String kind,
            Duration timeout) {
        int before = FabricGateways.productions(FabricGateways.journal(manufacturer), robot.robotId())
                .size();
        Envelope window = robot.windowNow(10);
        publisher.publish(robot, window);
        publisher.publish(robot, robot.producedIn(window, MessageType.COMPONENT_PRODUCED, component(goodId, kind)));
        publisher.publish(robot, robot.event(MessageType.QUALITY_CHECK, check(goodId)));
        assertThat(FabricGateways.awaitDecided(
                        FabricGateways.journal(manufacturer), robot.robotId(), before + 2, timeout))
                .extracting(FabricGateways.JournaledProduction::state)
                .containsOnly("COMMITTED");
    }

    /** POSTs {@code body} as {@code role} and asserts the status; the answer's JSON. */
    public static JsonNode post(InProcessGateway gateway, Role role, String uri, Object body, int expectedStatus) {
        var result = gateway.web(role)
                .post()
                .uri(uri)
                .bodyValue(body)
                .exchange()
                .expectBody(String.class)
                .returnResult();
        assertThat(result.getStatus().value())
                .as("%s answered %s", uri, result.getResponseBody())
                .isEqualTo(expectedStatus);
        return json(result.getResponseBody());
    }

    private static JsonNode json(String text) {
        try {
            return JSON.readTree(text);
        } catch (JacksonException e) {
            throw new IllegalStateException(e);
        }
    }
}
