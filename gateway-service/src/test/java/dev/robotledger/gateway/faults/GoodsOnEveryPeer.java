package dev.robotledger.gateway.faults;

import static dev.robotledger.contract.ContractTransaction.GET_GOOD;
import static dev.robotledger.contract.ContractTransaction.GOODS_BY_ROBOT;
import static org.assertj.core.api.Assertions.assertThat;

import dev.robotledger.gateway.testing.FabricGateways.JournaledProduction;
import dev.robotledger.gateway.testing.FabricNetwork;
import java.io.IOException;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/** What the fault tests check on every peer, read with the peer CLI: each good of a robot once, under the journal's transactions. */
final class GoodsOnEveryPeer {

    private static final ObjectMapper JSON = new ObjectMapper();

    private GoodsOnEveryPeer() {}

    /**
     * Each of {@code goods}, made then checked ({@code events} in pairs, in the goods' order), is on
     * every peer once: in the robot's index, recorded in the production's transaction, with the one
     * check recorded in the check's transaction.
     */
    static void assertEachOnce(
            FabricNetwork fabric, String robotId, List<String> goods, List<JournaledProduction> events)
            throws IOException {
        for (String org : FabricNetwork.PEER_ORGS) {
            // The contract answers for at most 366 days at a time; the goods were made in this run.
            long now = System.currentTimeMillis();
            JsonNode indexed = JSON.readTree(fabric.queryOk(
                    org,
                    GOODS_BY_ROBOT.functionName(),
                    robotId,
                    Long.toString(now - 86_400_000L),
                    Long.toString(now + 86_400_000L)));
            assertThat(indexed.findValuesAsString("goodId"))
                    .as("goods of %s on peer0.%s", robotId, org)
                    .containsExactlyInAnyOrderElementsOf(goods);
            for (int i = 0; i < goods.size(); i++) {
                JsonNode good = JSON.readTree(fabric.queryOk(org, GET_GOOD.functionName(), goods.get(i)));
                String checkTransaction = events.get(2 * i + 1).transactionId();
                assertThat(good.at("/production/recordedInTxId").asString())
                        .as("%s on peer0.%s", goods.get(i), org)
                        .isEqualTo(events.get(2 * i).transactionId());
                assertThat(good.get("qualityChecks"))
                        .as("checks of %s on peer0.%s", goods.get(i), org)
                        .singleElement()
                        .satisfies(check ->
                                assertThat(check.get("txId").asString()).isEqualTo(checkTransaction));
            }
        }
    }
}
