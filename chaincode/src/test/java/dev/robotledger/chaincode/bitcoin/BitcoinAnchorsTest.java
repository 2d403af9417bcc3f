package dev.robotledger.chaincode.bitcoin;

import static dev.robotledger.chaincode.testing.Scenario.MANUFACTURER;
import static dev.robotledger.chaincode.testing.Scenario.RETAILER;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.robotledger.chaincode.testing.ContractHarness;
import dev.robotledger.chaincode.testing.Fixtures;
import dev.robotledger.chaincode.testing.MinedAnchor;
import dev.robotledger.contract.ErrorCode;
import java.util.List;
import java.util.Map;
import org.hyperledger.fabric.shim.ChaincodeException;
import org.junit.jupiter.api.Test;

class BitcoinAnchorsTest {

    private static final String BLOCK_HASH = Fixtures.sha256Hex("fabric block 41");

    private final ContractHarness harness = new ContractHarness();

    @Test
    void recordsAnAnchorWhoseProofHoldsAndFindsItByFabricBlock() {
        Map<String, Object> request = MinedAnchor.request(41, BLOCK_HASH);
        String recorded =
                harness.submit(MANUFACTURER, (c, ctx) -> c.recordBitcoinAnchor(ctx, "btc-41", Fixtures.json(request)));

        JsonNode anchor = Fixtures.tree(harness.evaluate(RETAILER, (c, ctx) -> c.getBitcoinAnchor(ctx, 41)));
        assertThat(anchor.toString()).isEqualTo(recorded);
        assertThat(anchor.get("fabricBlockHash").asText()).isEqualTo(BLOCK_HASH);
        assertThat(anchor.get("bitcoinTxid").asText()).isEqualTo(request.get("bitcoinTxid"));
        assertThat(anchor.get("submittedByOrg").asText()).isEqualTo(MANUFACTURER);
        assertThat(harness.lastEvent())
                .hasValueSatisfying(e -> assertThat(e.name()).isEqualTo("BitcoinAnchorRecorded"));
    }

    @Test
    void aRetryUnderTheSameEventIdReplaysAndANewEventIdIsRefused() {
        String request = Fixtures.json(MinedAnchor.request(41, BLOCK_HASH));
        String first = harness.submit(MANUFACTURER, (c, ctx) -> c.recordBitcoinAnchor(ctx, "btc-41", request));

        assertThat(harness.submit(MANUFACTURER, (c, ctx) -> c.recordBitcoinAnchor(ctx, "btc-41", request)))
                .isEqualTo(first);
        ChaincodeException refusal = harness.refusal(
                MANUFACTURER,
                (c, ctx) -> c.recordBitcoinAnchor(
                        ctx,
                        "btc-41-again",
                        Fixtures.json(MinedAnchor.request(41, Fixtures.sha256Hex("another hash")))));
        assertThat(ContractHarness.code(refusal)).isEqualTo(ErrorCode.BITCOIN_ANCHOR_ALREADY_RECORDED);
        assertThat(refusal.getMessage()).contains("Fabric block 41");
    }

    @Test
    void refusesAProofThatDoesNotHoldNamingWhatFailed() {
        Map<String, Object> request = MinedAnchor.request(41, BLOCK_HASH);
        String header = (String) request.get("bitcoinBlockHeader");
        @SuppressWarnings("unchecked")
        List<String> path = (List<String>) request.get("merklePath");
        Map<String, String> cases = Map.of(
                "the header hashes to",
                        with(request, "bitcoinBlockHeader", header.substring(0, 8) + "ff" + header.substring(10)),
                "is transaction", with(request, "bitcoinTxid", Fixtures.sha256Hex("another tx")),
                "carries no OP_RETURN of block 41", with(request, "fabricBlockHash", Fixtures.sha256Hex("other block")),
                "merkle path of transaction 2", with(request, "transactionIndex", 2L),
                "leads to", with(request, "merklePath", List.of(path.get(1), path.get(0))));

        cases.forEach((expected, json) -> {
            ChaincodeException refusal =
                    harness.refusal(MANUFACTURER, (c, ctx) -> c.recordBitcoinAnchor(ctx, "e1", json));
            assertThat(ContractHarness.code(refusal)).as(expected).isEqualTo(ErrorCode.BITCOIN_PROOF_INVALID);
            assertThat(refusal.getMessage()).contains(expected);
        });
    }

    @Test
    void refusesMalformedFields() {
        Map<String, Object> request = MinedAnchor.request(41, BLOCK_HASH);
        for (String json : List.of(
                with(request, "fabricBlockNumber", -1L),
                with(request, "bitcoinBlockHeader", "00"),
                with(request, "rawTransaction", "0"),
                with(request, "rawTransaction", "02000000"),
                with(request, "bitcoinTxid", "AB".repeat(32)),
                with(request, "merklePath", List.of("xyz")))) {
            assertThat(harness.refusalCode(MANUFACTURER, (c, ctx) -> c.recordBitcoinAnchor(ctx, "e1", json)))
                    .as(json)
                    .isEqualTo(ErrorCode.INVALID_ARGUMENT);
        }
    }

    @Test
    void onlyAManufacturerAnchorsAndAnUnanchoredBlockIsNotFound() {
        String request = Fixtures.json(MinedAnchor.request(41, BLOCK_HASH));

        assertThat(harness.refusalCode(RETAILER, (c, ctx) -> c.recordBitcoinAnchor(ctx, "e1", request)))
                .isEqualTo(ErrorCode.FORBIDDEN_ORG);
        assertThat(harness.refusalCode(RETAILER, (c, ctx) -> c.getBitcoinAnchor(ctx, 41)))
                .isEqualTo(ErrorCode.BITCOIN_ANCHOR_NOT_FOUND);
    }

    private static String with(Map<String, Object> request, String field, Object value) {
        Map<String, Object> changed = new java.util.LinkedHashMap<>(request);
        changed.put(field, value);
        return Fixtures.json(changed);
    }
}
