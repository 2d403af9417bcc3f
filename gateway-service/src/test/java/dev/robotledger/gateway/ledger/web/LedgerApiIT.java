package dev.robotledger.gateway.ledger.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.robotledger.gateway.access.Role;
import dev.robotledger.ledger.embedded.ContractPeer;
import dev.robotledger.gateway.ledger.PeerCredentials;
import dev.robotledger.ledger.embedded.PeerServer;
import dev.robotledger.gateway.testing.InProcessGateway;
import dev.robotledger.gateway.testing.JournalAndBroker;
import java.nio.file.Path;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** GET /api/ledger says which ledger the gateway uses, in the operator's words, or that it has none. */
class LedgerApiIT {

    @RegisterExtension
    static final JournalAndBroker INFRA = new JournalAndBroker();

    @TempDir
    Path dir;

    @Test
    void aGatewayWithAPeerNamesItAndTheDescriptionItWasGiven() throws Exception {
        PeerCredentials credentials = PeerCredentials.issue(dir);
        try (PeerServer server = credentials.serve(new ContractPeer());
             InProcessGateway gateway = InProcessGateway.start(INFRA.postgres(), INFRA.broker().uri(),
                     "ledger-api-" + UUID.randomUUID(), credentials.gatewaySettings(server).toArray(String[]::new))) {
            JsonNode ledger = ledger(gateway, Role.RETAILER);

            assertThat(ledger.get("configured").asBoolean()).isTrue();
            assertThat(ledger.get("description").asText()).isEqualTo("ContractPeer test double, not Fabric");
            assertThat(ledger.get("peerEndpoint").asText()).isEqualTo("127.0.0.1:" + server.port());
            assertThat(ledger.get("mspId").asText()).isEqualTo("ManufacturerMSP");
            assertThat(ledger.get("channel").asText()).isEqualTo(ContractPeer.CHANNEL);
            assertThat(ledger.get("chaincode").asText()).isEqualTo(ContractPeer.CHAINCODE);
        }
    }

    @Test
    void aGatewayWithoutAPeerSaysItHasNoLedger() throws Exception {
        try (InProcessGateway gateway = InProcessGateway.start(INFRA.postgres(), INFRA.broker().uri(),
                "no-ledger-" + UUID.randomUUID())) {
            JsonNode ledger = ledger(gateway, Role.LENDER);

            assertThat(ledger.get("configured").asBoolean()).isFalse();
            assertThat(ledger.get("description").asText()).isEmpty();
            assertThat(ledger.get("peerEndpoint").isNull()).isTrue();
            assertThat(ledger.get("mspId").isNull()).isTrue();
        }
    }

    private static JsonNode ledger(InProcessGateway gateway, Role role) throws Exception {
        return new ObjectMapper().readTree(gateway.web(role).get().uri("/api/ledger").exchange()
                .expectStatus().isOk().expectBody().returnResult().getResponseBody());
    }
}
