package dev.robotledger.chaincode;

import static dev.robotledger.contract.ContractTransaction.GET_PROVENANCE;
import static dev.robotledger.contract.ContractTransaction.GOODS_BY_ROBOT;
import static dev.robotledger.contract.ContractTransaction.RECORD_PRODUCTION;
import static dev.robotledger.contract.ContractTransaction.REGISTER_ROBOT;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.robotledger.chaincode.access.OrgDirectory;
import dev.robotledger.chaincode.testing.ContractHarness;
import dev.robotledger.chaincode.testing.Fixtures;
import dev.robotledger.contract.ContractTransaction;
import dev.robotledger.contract.testkit.ContractDispatcher;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.hyperledger.fabric.contract.annotation.Transaction;
import org.hyperledger.fabric.contract.metadata.MetadataBuilder;
import org.hyperledger.fabric.shim.Chaincode;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The contract as the shim's routing sees it (through the test kit's {@link ContractDispatcher},
 * built from the contract API's public routing classes): found by classpath scanning, its
 * metadata valid, and every transaction reachable with string arguments the way a peer sends them.
 */
class ProvenanceContractRoutingTest {

    private static ContractDispatcher contracts;
    private final ContractHarness harness = new ContractHarness();

    @BeforeAll
    static void startRouterWithoutAPeer() {
        contracts = ContractDispatcher.ofClassPath();
        // What the router does next before it connects: validate the metadata against its schema.
        MetadataBuilder.validate();
    }

    private Chaincode.Response call(String mspId, String... args) {
        return harness.dispatch(mspId, List.of(args), contracts::invoke);
    }

    @Test
    void publishesEveryTransactionWithItsIntent() {
        JsonNode metadata = Fixtures.tree(MetadataBuilder.getMetadata());
        JsonNode contract = metadata.get("contracts").get("provenance");
        Map<String, String> intents = new HashMap<>();
        contract.get("transactions")
                .forEach(tx -> intents.put(
                        tx.get("name").asText(), tx.get("tags").get(0).asText()));

        Map<String, String> declared = new HashMap<>();
        Arrays.stream(ProvenanceContract.class.getDeclaredMethods())
                .map(method -> method.getAnnotation(Transaction.class))
                .filter(tx -> tx != null)
                .forEach(tx -> declared.put(tx.name(), tx.intent().name()));
        assertThat(declared).hasSameSizeAs(ContractTransaction.values());
        assertThat(intents).containsAllEntriesOf(declared);
        assertThat(metadata.get("contracts")
                        .get("provenance")
                        .get("info")
                        .get("title")
                        .asText())
                .isEqualTo("Robot provenance ledger");
    }

    @Test
    void routesWritesAndQueriesWithStringArguments() {
        Chaincode.Response registered = call(
                OrgDirectory.MANUFACTURER_MSP,
                REGISTER_ROBOT.functionName(),
                "evt-1",
                Fixtures.json(Fixtures.robot("r1")));
        assertThat(registered.getStatus()).isEqualTo(Chaincode.Response.Status.SUCCESS);
        long producedAt = harness.nextTxEpochMillis();
        assertThat(call(
                                OrgDirectory.MANUFACTURER_MSP,
                                RECORD_PRODUCTION.functionName(),
                                "evt-2",
                                Fixtures.json(Fixtures.production("g1", "r1", producedAt)))
                        .getStatus())
                .isEqualTo(Chaincode.Response.Status.SUCCESS);

        Chaincode.Response provenance = call(OrgDirectory.RETAILER_MSP, GET_PROVENANCE.functionName(), "g1", "2", "10");
        Chaincode.Response output = call(
                OrgDirectory.LENDER_MSP,
                GOODS_BY_ROBOT.functionName(),
                "r1",
                String.valueOf(producedAt),
                String.valueOf(producedAt));

        assertThat(Fixtures.tree(provenance.getStringPayload()).get("nodeCount").asInt())
                .isEqualTo(1);
        assertThat(Fixtures.tree(output.getStringPayload()).findValuesAsText("goodId"))
                .containsExactly("g1");
        assertThat(Fixtures.tree(registered.getStringPayload()).get("ownerOrg").asText())
                .isEqualTo(OrgDirectory.MANUFACTURER_MSP);
    }

    @Test
    void returnsRefusalsWithTheErrorCodeAsPayload() {
        Chaincode.Response refused = call(
                OrgDirectory.RETAILER_MSP, REGISTER_ROBOT.functionName(), "evt-1", Fixtures.json(Fixtures.robot("r1")));

        assertThat(refused.getStatus()).isEqualTo(Chaincode.Response.Status.INTERNAL_SERVER_ERROR);
        assertThat(refused.getMessage()).contains(OrgDirectory.RETAILER_MSP);
        assertThat(new String(refused.getPayload(), StandardCharsets.UTF_8)).isEqualTo("FORBIDDEN_ORG");
        assertThat(harness.ledger().keyCount()).isZero();
    }
}
