package dev.robotledger.gateway.provenance.fabric;

import dev.robotledger.gateway.json.Json;
import dev.robotledger.gateway.ledger.fabric.ProvenanceContractClient;
import dev.robotledger.gateway.provenance.LedgerQueries;
import java.nio.charset.StandardCharsets;
import java.util.function.Supplier;
import tools.jackson.core.JacksonException;

/** {@link LedgerQueries} evaluated on the peer through the contract client. */
final class PeerQueries implements LedgerQueries {

    private final ProvenanceContractClient ledger;

    PeerQueries(ProvenanceContractClient ledger) {
        this.ledger = ledger;
    }

    @Override
    public LedgerAnswer provenance(String goodId, int maxDepth, int maxNodes) {
        return evaluate(() -> ledger.provenance(goodId, maxDepth, maxNodes));
    }

    @Override
    public LedgerAnswer collateralReport(String goodId) {
        return evaluate(() -> ledger.verifyCollateral(goodId));
    }

    private LedgerAnswer evaluate(Supplier<byte[]> query) {
        // Height first: the answer is then current to at least that height.
        long height = ledger.height();
        byte[] answer = query.get();
        try {
            return new LedgerAnswer(height, Json.MAPPER.readTree(answer));
        } catch (JacksonException e) {
            throw new IllegalStateException(
                    "the peer answered with something that is not JSON: " + new String(answer, StandardCharsets.UTF_8),
                    e);
        }
    }
}
