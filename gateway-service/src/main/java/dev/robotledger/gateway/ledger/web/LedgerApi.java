package dev.robotledger.gateway.ledger.web;

import dev.robotledger.gateway.ledger.LedgerProperties;
import io.swagger.v3.oas.annotations.media.Schema;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Which ledger this gateway writes to and reads from, as configured: every dashboard page shows it,
 * so nobody takes what a test double holds for what is on a Fabric network.
 */
@RestController
class LedgerApi {

    /**
     * @param configured  whether a peer is configured; without one nothing reaches a ledger
     * @param description what the operator says the ledger is (blank when not said)
     */
    record LedgerView(
            boolean configured,
            String description,
            @Schema(nullable = true) String peerEndpoint,
            @Schema(nullable = true) String mspId,
            @Schema(nullable = true) String channel,
            @Schema(nullable = true) String chaincode) {}

    private final LedgerView view;

    LedgerApi(LedgerProperties properties) {
        this.view = properties.enabled()
                ? new LedgerView(
                        true,
                        properties.description(),
                        properties.peerEndpoint(),
                        properties.mspId(),
                        properties.channel(),
                        properties.chaincode())
                : new LedgerView(false, properties.description(), null, null, null, null);
    }

    @GetMapping("/api/ledger")
    LedgerView ledger() {
        return view;
    }
}
