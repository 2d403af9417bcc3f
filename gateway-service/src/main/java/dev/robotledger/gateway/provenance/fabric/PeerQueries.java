package dev.robotledger.gateway.provenance.fabric;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.robotledger.gateway.ledger.ProvenanceContractClient;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.function.Supplier;

/**
 * Queries evaluated on the peer instead of the read model: the ledger-verified answers a retailer
 * or lender may ask for, and the chaincode's own collateral verification. Blocking: call it off
 * the event loop.
 */
public final class PeerQueries {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** A query's answer and the peer's ledger height when it was asked. */
    public record PeerAnswer(long ledgerHeight, JsonNode value) {
    }

    private final ProvenanceContractClient ledger;

    public PeerQueries(ProvenanceContractClient ledger) {
        this.ledger = ledger;
    }

    /** The chaincode's {@code GetProvenance} answer, as JSON. */
    public PeerAnswer provenance(String goodId, int maxDepth, int maxNodes) {
        return evaluate(() -> ledger.provenance(goodId, maxDepth, maxNodes));
    }

    /** The chaincode's {@code VerifyCollateral} report of a good, as JSON. */
    public PeerAnswer collateralReport(String goodId) {
        return evaluate(() -> ledger.verifyCollateral(goodId));
    }

    private PeerAnswer evaluate(Supplier<byte[]> query) {
        // Height first: the answer is then current to at least that height.
        long height = ledger.height();
        byte[] answer = query.get();
        try {
            return new PeerAnswer(height, JSON.readTree(answer));
        } catch (IOException e) {
            throw new IllegalStateException("the peer answered with something that is not JSON: "
                    + new String(answer, StandardCharsets.UTF_8), e);
        }
    }
}
