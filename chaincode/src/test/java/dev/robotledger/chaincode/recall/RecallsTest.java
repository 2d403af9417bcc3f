package dev.robotledger.chaincode.recall;

import static dev.robotledger.chaincode.testing.Scenario.LENDER;
import static dev.robotledger.chaincode.testing.Scenario.MANUFACTURER;
import static dev.robotledger.chaincode.testing.Scenario.RETAILER;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import dev.robotledger.chaincode.access.Caller;
import dev.robotledger.chaincode.access.OrgRole;
import dev.robotledger.chaincode.collateral.BtcPrices;
import dev.robotledger.chaincode.collateral.Collateral;
import dev.robotledger.chaincode.good.Goods;
import dev.robotledger.chaincode.ledger.WorldState;
import dev.robotledger.chaincode.robot.RobotRegistry;
import dev.robotledger.chaincode.testing.ContractHarness;
import dev.robotledger.chaincode.testing.Fixtures;
import dev.robotledger.chaincode.testing.Scenario;
import dev.robotledger.contract.ErrorCode;
import java.util.List;
import java.util.Map;
import org.hyperledger.fabric.shim.ChaincodeException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A product of three levels: parts a1, a2 -> S1; b1, b2 -> S2; S1, S2, c1 -> P. */
class RecallsTest {

    private final ContractHarness harness = new ContractHarness();
    private final Scenario scenario = new Scenario(harness);
    private long windowStart;
    private long windowEnd;

    @BeforeEach
    void buildAThreeLevelProduct() {
        scenario.registerRobot("r-press");
        scenario.registerRobot("r-mill");
        scenario.registerRobot("r-asm");
        windowStart = harness.nextTxEpochMillis();
        scenario.produce("a1", "r-press");
        scenario.produce("b1", "r-press");
        windowEnd = harness.nextTxEpochMillis();
        scenario.produce("a2", "r-mill");
        scenario.produce("b2", "r-mill");
        scenario.produce("c1", "r-mill");
        scenario.produce("a3", "r-press");
        scenario.assemble("S1", "r-asm", List.of("a1", "a2"));
        scenario.assemble("S2", "r-asm", List.of("b1", "b2"));
        scenario.assemble("P", "r-asm", List.of("S1", "S2", "c1"));
        scenario.transfer("P", MANUFACTURER, RETAILER);
    }

    private String status(String goodId) {
        return Fixtures.tree(harness.evaluate(LENDER, (c, ctx) -> c.getGood(ctx, goodId)))
                .get("status")
                .asText();
    }

    @Test
    void listsEveryProductAboveAPart() {
        JsonNode whereUsed = Fixtures.tree(harness.evaluate(LENDER, (c, ctx) -> c.whereUsed(ctx, "a1")));

        assertThat(whereUsed.get("productIds").toString()).isEqualTo("[\"S1\",\"P\"]");
        assertThat(Fixtures.tree(harness.evaluate(LENDER, (c, ctx) -> c.whereUsed(ctx, "a3")))
                        .get("productIds"))
                .isEmpty();
    }

    @Test
    void recallOfAPartMarksItAndItsWhereUsedSet() {
        JsonNode recall = Fixtures.tree(harness.submit(
                MANUFACTURER,
                (c, ctx) -> c.recallGood(
                        ctx, "recall-1", Fixtures.json(Map.of("goodId", "a1", "reason", "porosity in casting")))));

        assertThat(recall.get("recalledGoodIds").toString()).isEqualTo("[\"a1\"]");
        assertThat(recall.get("downstreamGoodIds").toString()).isEqualTo("[\"S1\",\"P\"]");
        assertThat(List.of("a1", "S1", "P"))
                .allSatisfy(id -> assertThat(status(id)).isEqualTo("RECALLED"));
        assertThat(List.of("a2", "b1", "b2", "c1"))
                .allSatisfy(id -> assertThat(status(id)).isEqualTo("CONSUMED"));
        assertThat(status("S2")).isEqualTo("CONSUMED");
        JsonNode product = Fixtures.tree(harness.evaluate(LENDER, (c, ctx) -> c.getGood(ctx, "P")));
        assertThat(product.get("recall").get("recallId").asText()).isEqualTo("recall-1");
        assertThat(product.get("recall").get("downstream").asBoolean()).isTrue();
        assertThat(harness.lastEvent()).hasValueSatisfying(event -> {
            assertThat(event.name()).isEqualTo("GoodRecalled");
            assertThat(Fixtures.tree(new String(event.payload()))
                            .get("relatedIds")
                            .toString())
                    .isEqualTo("[\"a1\",\"S1\",\"P\"]");
        });
        assertThat(harness.evaluate(LENDER, (c, ctx) -> c.getRecall(ctx, "recall-1")))
                .isEqualTo(recall.toString());
    }

    @Test
    void recallOfARobotsOutputCoversOnlyItsWindow() {
        JsonNode recall = Fixtures.tree(harness.submit(
                MANUFACTURER,
                (c, ctx) -> c.recallRobotOutput(
                        ctx,
                        "recall-2",
                        Fixtures.json(Map.of(
                                "robotId",
                                "r-press",
                                "fromEpochMillis",
                                windowStart,
                                "toEpochMillis",
                                windowEnd,
                                "reason",
                                "die worn")))));

        assertThat(recall.get("recalledGoodIds").toString()).isEqualTo("[\"a1\",\"b1\"]");
        assertThat(recall.get("downstreamGoodIds").toString()).isEqualTo("[\"S1\",\"P\",\"S2\"]");
        assertThat(status("a3")).as("made by the robot after the window").isEqualTo("ACTIVE");
        assertThat(status("S2")).isEqualTo("RECALLED");
        assertThat(harness.lastEvent())
                .hasValueSatisfying(e -> assertThat(e.name()).isEqualTo("RobotOutputRecalled"));
    }

    @Test
    void recallsOutputOfARevokedRobot() {
        harness.submit(
                MANUFACTURER,
                (c, ctx) -> c.revokeRobot(
                        ctx, "e-revoke", Fixtures.json(Map.of("robotId", "r-press", "reason", "die worn"))));

        JsonNode recall = Fixtures.tree(harness.submit(
                MANUFACTURER,
                (c, ctx) -> c.recallRobotOutput(
                        ctx,
                        "recall-3",
                        Fixtures.json(Map.of(
                                "robotId",
                                "r-press",
                                "fromEpochMillis",
                                windowStart,
                                "toEpochMillis",
                                harness.nextTxEpochMillis(),
                                "reason",
                                "die worn")))));

        assertThat(recall.get("recalledGoodIds").toString()).isEqualTo("[\"a1\",\"b1\",\"a3\"]");
    }

    @Test
    void refusesRecallsByNonManufacturers() {
        for (String msp : List.of(RETAILER, LENDER)) {
            assertThat(harness.refusalCode(
                            msp,
                            (c, ctx) -> c.recallGood(
                                    ctx, "e-" + msp, Fixtures.json(Map.of("goodId", "a1", "reason", "x")))))
                    .isEqualTo(ErrorCode.FORBIDDEN_ORG);
        }
    }

    @Test
    void refusesRecallsByAnOrgThatDidNotProduceTheGood() {
        Goods goods = new Goods();
        Recalls recalls = new Recalls(new RobotRegistry(), goods, new Collateral(goods, new BtcPrices()));
        Caller otherMaker = new Caller("OtherMakerMSP", OrgRole.MANUFACTURER);

        ChaincodeException refusal = catchThrowableOfType(
                ChaincodeException.class,
                () -> harness.submitWith(
                        MANUFACTURER,
                        stub -> recalls.recallGood(
                                new WorldState(stub), otherMaker, "e-x", new RecallGoodRequest("a1", "x"))));

        assertThat(ContractHarness.code(refusal)).isEqualTo(ErrorCode.NOT_PRODUCER);
        assertThat(refusal.getMessage()).contains("a1", MANUFACTURER);
    }

    @Test
    void refusesRecallsThatWouldMarkMoreGoodsThanTheBound() {
        Goods goods = new Goods();
        Recalls recalls = new Recalls(new RobotRegistry(), goods, new Collateral(goods, new BtcPrices()), 2);
        Caller manufacturer = new Caller(MANUFACTURER, OrgRole.MANUFACTURER);

        ChaincodeException oneGood = catchThrowableOfType(
                ChaincodeException.class,
                () -> harness.submitWith(
                        MANUFACTURER,
                        stub -> recalls.recallGood(
                                new WorldState(stub), manufacturer, "e-1", new RecallGoodRequest("a1", "x"))));
        ChaincodeException robotOutput = catchThrowableOfType(
                ChaincodeException.class,
                () -> harness.submitWith(
                        MANUFACTURER,
                        stub -> recalls.recallRobotOutput(
                                new WorldState(stub),
                                manufacturer,
                                "e-2",
                                new RecallRobotOutputRequest("r-press", windowStart, windowEnd, "x"))));

        assertThat(ContractHarness.code(oneGood)).isEqualTo(ErrorCode.RECALL_TOO_LARGE);
        assertThat(oneGood.getMessage()).contains("a1", "at most 2");
        assertThat(ContractHarness.code(robotOutput)).isEqualTo(ErrorCode.RECALL_TOO_LARGE);
        assertThat(robotOutput.getMessage()).contains("r-press");
        assertThat(status("a1")).isEqualTo("CONSUMED");
    }

    @Test
    void letsTheHolderReturnARecalledProduct() {
        harness.submit(
                MANUFACTURER,
                (c, ctx) -> c.recallGood(ctx, "recall-1", Fixtures.json(Map.of("goodId", "a1", "reason", "porosity"))));

        scenario.transfer("P", RETAILER, MANUFACTURER);

        JsonNode product = Fixtures.tree(harness.evaluate(LENDER, (c, ctx) -> c.getGood(ctx, "P")));
        assertThat(product.get("custodianOrg").asText()).isEqualTo(MANUFACTURER);
        assertThat(product.get("status").asText()).isEqualTo("RECALLED");
    }

    @Test
    void refusesRecallOfUnknownGoodsOrRobots() {
        assertThat(harness.refusalCode(
                        MANUFACTURER,
                        (c, ctx) -> c.recallGood(ctx, "e-1", Fixtures.json(Map.of("goodId", "nope", "reason", "x")))))
                .isEqualTo(ErrorCode.GOOD_NOT_FOUND);
        assertThat(harness.refusalCode(
                        MANUFACTURER,
                        (c, ctx) -> c.recallRobotOutput(
                                ctx,
                                "e-2",
                                Fixtures.json(Map.of(
                                        "robotId", "r404", "fromEpochMillis", 0, "toEpochMillis", 1, "reason", "x")))))
                .isEqualTo(ErrorCode.ROBOT_NOT_FOUND);
    }

    @Test
    void reportsAMissingRecall() {
        ChaincodeException refusal = catchThrowableOfType(
                ChaincodeException.class, () -> harness.evaluate(LENDER, (c, ctx) -> c.getRecall(ctx, "recall-404")));

        assertThat(ContractHarness.code(refusal)).isEqualTo(ErrorCode.RECALL_NOT_FOUND);
    }
}
