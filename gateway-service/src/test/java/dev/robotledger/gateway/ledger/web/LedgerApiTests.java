package dev.robotledger.gateway.ledger.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.robotledger.gateway.access.Role;
import dev.robotledger.gateway.ledger.LedgerProperties;
import dev.robotledger.gateway.testing.InProcessGateway;
import dev.robotledger.gateway.testing.JournalAndBroker;
import dev.robotledger.gateway.testing.LedgerTests;
import dev.robotledger.gateway.testing.LedgerUnderTest;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * GET /api/ledger says which ledger the gateway uses, in the operator's words: the embedded
 * ledger ({@link LedgerApiIT}) or the tests' Fabric network ({@link LedgerApiFabricIT}).
 */
abstract class LedgerApiTests extends LedgerTests<LedgerUnderTest> {

    @RegisterExtension
    static final JournalAndBroker INFRA = new JournalAndBroker();

    @Test
    void aGatewayWithAPeerNamesItAndTheDescriptionItWasGiven() throws Exception {
        try (InProcessGateway gateway = InProcessGateway.start(
                INFRA.postgres(),
                INFRA.broker().uri(),
                "ledger-api-" + UUID.randomUUID(),
                ledger.gatewaySettings("manufacturer").toArray(String[]::new))) {
            JsonNode answer = ledger(gateway, Role.RETAILER);

            LedgerProperties expected = ledger.ledgerProperties("manufacturer");
            assertThat(answer.get("configured").asBoolean()).isTrue();
            assertThat(answer.get("description").asString()).isEqualTo(ledger.description());
            assertThat(answer.get("peerEndpoint").asString()).isEqualTo(expected.peerEndpoint());
            assertThat(answer.get("mspId").asString()).isEqualTo("ManufacturerMSP");
            assertThat(answer.get("channel").asString()).isEqualTo("provenance");
            assertThat(answer.get("chaincode").asString()).isEqualTo("provenance");
        }
    }

    static JsonNode ledger(InProcessGateway gateway, Role role) throws Exception {
        return new ObjectMapper()
                .readTree(gateway.web(role)
                        .get()
                        .uri("/api/ledger")
                        .exchange()
                        .expectStatus()
                        .isOk()
                        .expectBody()
                        .returnResult()
                        .getResponseBody());
    }
}
