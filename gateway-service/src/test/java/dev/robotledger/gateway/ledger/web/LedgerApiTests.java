package dev.robotledger.gateway.ledger.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.robotledger.gateway.access.Role;
import dev.robotledger.gateway.ledger.LedgerProperties;
import dev.robotledger.gateway.testing.InProcessGateway;
import dev.robotledger.gateway.testing.JournalAndBroker;
import dev.robotledger.gateway.testing.LedgerTests;
import dev.robotledger.gateway.testing.LedgerUnderTest;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

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
            assertThat(answer.get("description").asText()).isEqualTo(ledger.description());
            assertThat(answer.get("peerEndpoint").asText()).isEqualTo(expected.peerEndpoint());
            assertThat(answer.get("mspId").asText()).isEqualTo("ManufacturerMSP");
            assertThat(answer.get("channel").asText()).isEqualTo("provenance");
            assertThat(answer.get("chaincode").asText()).isEqualTo("provenance");
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
