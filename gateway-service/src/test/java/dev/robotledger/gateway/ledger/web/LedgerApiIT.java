package dev.robotledger.gateway.ledger.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.robotledger.gateway.access.Role;
import dev.robotledger.gateway.testing.InProcessGateway;
import dev.robotledger.gateway.testing.LedgerUnderTest;
import java.nio.file.Path;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * {@link LedgerApiTests} on the embedded ledger, and a gateway with no ledger at all: that one
 * needs no ledger under test, so it runs here only.
 */
class LedgerApiIT extends LedgerApiTests {

    @Override
    protected LedgerUnderTest openLedger(Path dir) throws Exception {
        return LedgerUnderTest.embedded(dir, 1);
    }

    @Test
    void aGatewayWithoutAPeerSaysItHasNoLedger() throws Exception {
        try (InProcessGateway gateway =
                InProcessGateway.start(INFRA.postgres(), INFRA.broker().uri(), "no-ledger-" + UUID.randomUUID())) {
            JsonNode ledger = ledger(gateway, Role.LENDER);

            assertThat(ledger.get("configured").asBoolean()).isFalse();
            assertThat(ledger.get("description").asString()).isEmpty();
            assertThat(ledger.get("peerEndpoint").isNull()).isTrue();
            assertThat(ledger.get("mspId").isNull()).isTrue();
        }
    }
}
