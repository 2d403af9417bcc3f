package dev.robotledger.gateway.custody;

import static dev.robotledger.contract.ContractTransaction.RECORD_PRODUCTION;
import static org.assertj.core.api.Assertions.assertThat;

import dev.robotledger.gateway.access.Role;
import dev.robotledger.gateway.testing.Await;
import dev.robotledger.gateway.testing.InProcessGateway;
import dev.robotledger.gateway.testing.JournalAndBroker;
import dev.robotledger.gateway.testing.LedgerTests;
import dev.robotledger.gateway.testing.LedgerUnderTest;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.test.web.reactive.server.WebTestClient;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.node.JsonNodeFactory;

/**
 * A shipment and a recall through the organisations' own gateways ({@link CustodyAndRecallIT}: the
 * embedded ledger; {@link CustodyAndRecallFabricIT}: the tests' Fabric network, where the accept is
 * endorsed by both organisations' peers): the manufacturer's gateway offers a good to the
 * retailer, the retailer's gateway accepts it, the manufacturer recalls it. The chaincode decides
 * which organisation may; each gateway's read model follows.
 */
abstract class CustodyAndRecallTests extends LedgerTests<LedgerUnderTest> {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    @RegisterExtension
    static final JournalAndBroker INFRA = new JournalAndBroker();

    private final String run = UUID.randomUUID().toString().substring(0, 8);
    private final List<InProcessGateway> gateways = new ArrayList<>();

    @AfterEach
    void stopGateways() {
        gateways.forEach(InProcessGateway::close);
    }

    private InProcessGateway gateway(String org) {
        String database = "custody_" + org + "_" + run.replace('-', '_');
        INFRA.db().jdbc().execute("CREATE DATABASE " + database);
        InProcessGateway gateway = ledger.startGateway(
                INFRA,
                org,
                "custody-" + org + "-" + run,
                "gateway.journal.jdbc-url=jdbc:postgresql://127.0.0.1:"
                        + INFRA.postgres().port() + "/" + database,
                "gateway.read-model.retry-initial=100ms");
        gateways.add(gateway);
        return gateway;
    }

    @Test
    void theManufacturerShipsTheRetailerAcceptsAndTheManufacturerRecalls() throws Exception {
        String robot = "custody-robot-" + run;
        String good = "custody-good-" + run;
        var keys = KeyPairGenerator.getInstance("EC");
        keys.initialize(new ECGenParameterSpec("secp256r1"));
        ledger.registerRobot("manufacturer", robot, keys.generateKeyPair().getPublic());
        ledger.submit(
                "manufacturer",
                RECORD_PRODUCTION,
                "custody-production-" + run,
                JsonNodeFactory.instance
                        .objectNode()
                        .put("goodId", good)
                        .put("kind", "gearbox")
                        .put("firmwareVersion", "fw-1")
                        .put("energyWh", 2.0)
                        .put("robotId", robot)
                        .put("producedAtEpochMillis", System.currentTimeMillis() - 60_000)
                        .toString());
        InProcessGateway manufacturer = gateway("manufacturer");
        InProcessGateway retailer = gateway("retailer");

        // The gateway names the good's production from its read model.
        Await.until(
                "the good in the manufacturer's read model",
                TIMEOUT,
                () -> manufacturer
                        .web(Role.OPERATOR)
                        .get()
                        .uri("/api/goods/" + good)
                        .exchange()
                        .returnResult(String.class)
                        .getStatus()
                        .is2xxSuccessful());
        // Offered, once, however often the same request is sent.
        Map<String, String> offer = Map.of("toOrg", "RetailerMSP", "eventId", "ship-" + run);
        JsonNode offered = post(manufacturer.web(Role.OPERATOR), "/api/goods/" + good + "/transfer", offer, 200);
        JsonNode again = post(manufacturer.web(Role.OPERATOR), "/api/goods/" + good + "/transfer", offer, 200);
        assertThat(offered.at("/good/pendingTransfer/toOrg").asString()).isEqualTo("RetailerMSP");
        assertThat(again.at("/good/custodyHistory")).isEqualTo(offered.at("/good/custodyHistory"));
        assertThat(offered.at("/good/custodyHistory"))
                .extracting(step -> step.get("action").asString())
                .containsExactly("PRODUCED", "PROPOSED");

        // Only the organisation it is offered to may accept it; the manufacturer's gateway writes as the manufacturer.
        JsonNode notRecipient = post(
                manufacturer.web(Role.OPERATOR),
                "/api/goods/" + good + "/transfer/accept",
                Map.of("eventId", "accept-wrong-" + run),
                403);
        assertThat(notRecipient.get("code").asString()).isEqualTo("NOT_TRANSFER_RECIPIENT");
        Await.until(
                "the offer in the retailer's read model",
                TIMEOUT,
                () -> retailer.web(Role.RETAILER)
                        .get()
                        .uri("/api/goods/" + good)
                        .exchange()
                        .returnResult(String.class)
                        .getResponseBody()
                        .blockFirst(Duration.ofSeconds(5))
                        .contains("pendingTransfer"));
        JsonNode accepted = post(
                retailer.web(Role.RETAILER),
                "/api/goods/" + good + "/transfer/accept",
                Map.of("eventId", "accept-" + run),
                200);
        assertThat(accepted.at("/good/custodianOrg").asString()).isEqualTo("RetailerMSP");
        assertThat(accepted.at("/good/custodyHistory"))
                .extracting(step -> step.get("action").asString())
                .containsExactly("PRODUCED", "PROPOSED", "ACCEPTED");
        Await.until(
                "the retailer's goods list it",
                TIMEOUT,
                () -> get(retailer, "/api/goods?custodian=RetailerMSP&kind=gearbox")
                        .get("goods")
                        .findValuesAsString("id")
                        .contains(good));

        // A recall: the producer's, never the retailer's, and only an operator's.
        Map<String, String> recall = Map.of("reason", "cracked housing", "eventId", "recall-" + run);
        post(manufacturer.web(Role.RETAILER), "/api/goods/" + good + "/recall", recall, 403);
        JsonNode forbidden = post(retailer.web(Role.OPERATOR), "/api/goods/" + good + "/recall", recall, 403);
        assertThat(forbidden.get("code").asString()).isIn("FORBIDDEN_ORG", "NOT_PRODUCER");
        JsonNode missingReason = post(
                manufacturer.web(Role.OPERATOR),
                "/api/goods/" + good + "/recall",
                Map.of("eventId", "recall-" + run),
                400);
        assertThat(missingReason.get("detail").asString()).contains("reason must be 1..500 characters");
        JsonNode recalled = post(manufacturer.web(Role.OPERATOR), "/api/goods/" + good + "/recall", recall, 200);
        assertThat(recalled.at("/recall/recalledGoodIds").get(0).asString()).isEqualTo(good);
        assertThat(recalled.at("/recall/reason").asString()).isEqualTo("cracked housing");
        Await.until(
                "the recall in the retailer's read model",
                TIMEOUT,
                () -> get(retailer, "/api/goods?status=RECALLED&custodian=RetailerMSP&kind=gearbox")
                        .get("goods")
                        .findValuesAsString("id")
                        .contains(good));
    }

    private static JsonNode post(WebTestClient client, String uri, Map<String, String> body, int status) {
        return read(client.post()
                .uri(uri)
                .bodyValue(body)
                .exchange()
                .expectStatus()
                .isEqualTo(status)
                .expectBody()
                .returnResult()
                .getResponseBody());
    }

    private static JsonNode get(InProcessGateway gateway, String uri) {
        return read(gateway.web(Role.RETAILER)
                .get()
                .uri(uri)
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody()
                .returnResult()
                .getResponseBody());
    }

    private static JsonNode read(byte[] body) {
        try {
            return JSON.readTree(body);
        } catch (JacksonException e) {
            throw new IllegalStateException(e);
        }
    }
}
