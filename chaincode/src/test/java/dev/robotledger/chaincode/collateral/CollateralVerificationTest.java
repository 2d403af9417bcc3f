package dev.robotledger.chaincode.collateral;

import static dev.robotledger.chaincode.testing.Scenario.LENDER;
import static dev.robotledger.chaincode.testing.Scenario.MANUFACTURER;
import static dev.robotledger.chaincode.testing.Scenario.ORACLE;
import static dev.robotledger.chaincode.testing.Scenario.RETAILER;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import com.fasterxml.jackson.databind.JsonNode;
import dev.robotledger.chaincode.good.CustodyEntry;
import dev.robotledger.chaincode.good.Good;
import dev.robotledger.chaincode.good.Goods;
import dev.robotledger.chaincode.good.Production;
import dev.robotledger.chaincode.ledger.Json;
import dev.robotledger.chaincode.ledger.WorldState;
import dev.robotledger.chaincode.robot.RobotRegistry;
import dev.robotledger.chaincode.telemetry.Anchors;
import dev.robotledger.chaincode.testing.ContractHarness;
import dev.robotledger.chaincode.testing.Fixtures;
import dev.robotledger.chaincode.testing.Scenario;
import dev.robotledger.contract.CustodyAction;
import dev.robotledger.contract.ErrorCode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.hyperledger.fabric.shim.ChaincodeException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The lender's collateral verification over the whole component tree. Each reason code is
 * produced by the ledger state that causes it: through the contract where the contract can reach
 * that state, otherwise by writing the state directly (as a faulty or older contract version
 * could have left it). Batch {@code batch-1} anchors both robots for the first hour of the test
 * clock, which every good produced here falls into unless a test says otherwise.
 */
class CollateralVerificationTest {

    private static final long HOUR = 3_600_000L;

    private final ContractHarness harness = new ContractHarness();
    private final Scenario scenario = new Scenario(harness);
    private final long clockStart = harness.nextTxEpochMillis();

    @BeforeEach
    void robotsAndTheirTelemetryAnchor() {
        scenario.registerRobot("r-press");
        scenario.registerRobot("r-asm");
        recordAnchor("batch-1", List.of("r-press", "r-asm"), clockStart, clockStart + HOUR);
    }

    /** a1, a2 -> S1; b1, b2 -> S2; S1, S2, c1 -> P; every good checked and passed; P shipped to the retailer. */
    private void buildCheckedThreeLevelProduct() {
        for (String part : List.of("a1", "a2", "b1", "b2", "c1")) {
            scenario.produce(part, "r-press");
            scenario.qualityCheck(MANUFACTURER, part, "PASS");
        }
        assembleChecked("S1", List.of("a1", "a2"));
        assembleChecked("S2", List.of("b1", "b2"));
        assembleChecked("P", List.of("S1", "S2", "c1"));
        scenario.transfer("P", MANUFACTURER, RETAILER);
    }

    private void assembleChecked(String productId, List<String> partIds) {
        scenario.assemble(productId, "r-asm", partIds);
        scenario.qualityCheck(MANUFACTURER, productId, "PASS");
    }

    private void produceChecked(String goodId) {
        scenario.produce(goodId, "r-press");
        scenario.qualityCheck(MANUFACTURER, goodId, "PASS");
    }

    private void recordAnchor(String batchId, List<String> robotIds, long from, long to) {
        Map<String, Object> anchor = Fixtures.anchor(batchId, robotIds);
        anchor.put("fromEpochMillis", from);
        anchor.put("toEpochMillis", to);
        harness.submit(MANUFACTURER, (c, ctx) -> c.recordAnchor(ctx, scenario.nextEventId(), Fixtures.json(anchor)));
    }

    /** Records a checked good whose production names {@code telemetryAnchor} (null: none). */
    private void produceCheckedWithAnchor(String goodId, String robotId, Map<String, Object> telemetryAnchor) {
        Map<String, Object> production = Fixtures.production(goodId, robotId, harness.nextTxEpochMillis());
        if (telemetryAnchor == null) {
            production.remove("telemetryAnchor");
        } else {
            production.put("telemetryAnchor", telemetryAnchor);
        }
        harness.submit(
                MANUFACTURER,
                (c, ctx) -> c.recordProduction(ctx, Scenario.productionOf(goodId), Fixtures.json(production)));
        scenario.qualityCheck(MANUFACTURER, goodId, "PASS");
    }

    private JsonNode report(String goodId) {
        return Fixtures.tree(harness.evaluate(LENDER, (c, ctx) -> c.verifyCollateral(ctx, goodId)));
    }

    /** The reasons as "CODE goodId", in report order. */
    private static List<String> reasons(JsonNode report) {
        List<String> reasons = new ArrayList<>();
        report.get("reasons")
                .forEach(reason -> reasons.add(
                        reason.get("code").asText() + " " + reason.get("goodId").asText()));
        return reasons;
    }

    private static String detail(JsonNode report, String code) {
        for (JsonNode reason : report.get("reasons")) {
            if (reason.get("code").asText().equals(code)) {
                return reason.get("detail").asText();
            }
        }
        throw new AssertionError("no " + code + " in " + report);
    }

    /** Overwrites a stored good, as a faulty contract version could have left it. */
    private void rewrite(String goodId, UnaryOperator<Good> change) {
        harness.submitWith(MANUFACTURER, stub -> {
            WorldState state = new WorldState(stub);
            state.put(
                    Good.key(goodId),
                    change.apply(state.find(Good.key(goodId), Good.class).orElseThrow()));
            return null;
        });
    }

    private static Good withParts(Good good, List<String> partIds) {
        return new Good(
                good.id(),
                good.production(),
                partIds,
                good.custodianOrg(),
                good.status(),
                good.parentId(),
                good.qualityChecks(),
                good.custodyHistory(),
                good.pendingTransfer(),
                good.recall(),
                good.dispositions());
    }

    @Test
    void certifiesAThreeLevelProductWhoseEveryPartChecksOut() {
        buildCheckedThreeLevelProduct();
        long evaluatedAt = harness.nextTxEpochMillis();

        JsonNode report = report("P");

        assertThat(report.get("verdict").asText()).isEqualTo("ELIGIBLE");
        assertThat(report.get("reasons")).isEmpty();
        assertThat(report.get("goodId").asText()).isEqualTo("P");
        assertThat(report.get("custodianOrg").asText()).isEqualTo(RETAILER);
        assertThat(report.get("evaluatedAtEpochMillis").asLong()).isEqualTo(evaluatedAt);
        assertThat(report.get("evaluatedInTxId").asText()).isNotBlank();
        JsonNode checked = report.get("checked");
        assertThat(checked.get("nodeCount").asInt()).isEqualTo(8);
        assertThat(checked.get("depth").asInt()).isEqualTo(2);
        assertThat(checked.get("rawPartCount").asInt()).isEqualTo(5);
        assertThat(checked.get("robotsChecked").asInt()).isEqualTo(2);
        assertThat(checked.get("anchorsChecked").asInt()).isEqualTo(1);
        assertThat(checked.get("qualityChecksCounted").asInt()).isEqualTo(8);
        assertThat(checked.get("custodyStepsChecked").asInt())
                .as("8 productions, P's offer and acceptance")
                .isEqualTo(10);
        assertThat(checked.get("productsAboveChecked").asInt()).isZero();
        assertThat(checked.get("complete").asBoolean()).isTrue();
    }

    @Test
    void certifiesAThousandComponentProductOfDepthFour() {
        List<String> modules = new ArrayList<>();
        for (int group = 0; group < 100; group++) {
            List<String> parts = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                String part = "urn:epc:id:sgtin:0614141.107346." + (group * 10 + i);
                produceChecked(part);
                parts.add(part);
            }
            assembleChecked("module-" + group, parts);
            modules.add("module-" + group);
        }
        List<String> units = new ArrayList<>();
        for (int unit = 0; unit < 10; unit++) {
            assembleChecked("unit-" + unit, modules.subList(unit * 10, unit * 10 + 10));
            units.add("unit-" + unit);
        }
        assembleChecked("half-0", units.subList(0, 5));
        assembleChecked("half-1", units.subList(5, 10));
        assembleChecked("machine", List.of("half-0", "half-1"));

        List<Long> millis = new ArrayList<>();
        String json = null;
        for (int run = 0; run < 3; run++) {
            long started = System.nanoTime();
            json = harness.evaluate(LENDER, (c, ctx) -> c.verifyCollateral(ctx, "machine"));
            millis.add((System.nanoTime() - started) / 1_000_000);
        }
        JsonNode report = Fixtures.tree(json);

        assertThat(report.get("verdict").asText()).isEqualTo("ELIGIBLE");
        assertThat(report.get("checked").get("nodeCount").asInt()).isEqualTo(1 + 2 + 10 + 100 + 1000);
        assertThat(report.get("checked").get("rawPartCount").asInt()).isEqualTo(1000);
        assertThat(report.get("checked").get("depth").asInt()).isEqualTo(4);
        System.out.printf(
                "collateral verification of 1,113 goods (depth 4) on the in-memory stub, 3 runs: %s ms, "
                        + "%d bytes of JSON%n",
                millis, json.length());
    }

    @Test
    void answersEveryMemberOfTheChannelAlike() {
        buildCheckedThreeLevelProduct();

        for (String mspId : List.of(MANUFACTURER, RETAILER, LENDER, ORACLE)) {
            JsonNode report = Fixtures.tree(harness.evaluate(mspId, (c, ctx) -> c.verifyCollateral(ctx, "P")));
            assertThat(report.get("verdict").asText()).as("asked by %s", mspId).isEqualTo("ELIGIBLE");
        }
    }

    @Test
    void refusesUnknownGoodsAndMalformedIds() {
        ChaincodeException unknown = harness.evaluationRefusal(LENDER, (c, ctx) -> c.verifyCollateral(ctx, "nope"));
        ChaincodeException malformed =
                harness.evaluationRefusal(LENDER, (c, ctx) -> c.verifyCollateral(ctx, "urn:epc:id:sscc:1"));

        assertThat(ContractHarness.code(unknown)).isEqualTo(ErrorCode.GOOD_NOT_FOUND);
        assertThat(unknown.getMessage()).contains("nope");
        assertThat(ContractHarness.code(malformed)).isEqualTo(ErrorCode.INVALID_ARGUMENT);
    }

    @Test
    void reportsAPartThatIsNotRecordedAndVerifiesTheRestOfTheTree() {
        buildCheckedThreeLevelProduct();
        rewrite("S2", good -> withParts(good, List.of("b1", "ghost", "b2")));

        JsonNode report = report("P");

        assertThat(report.get("verdict").asText()).isEqualTo("NOT_ELIGIBLE");
        assertThat(reasons(report)).containsExactly("PART_NOT_RECORDED ghost");
        assertThat(detail(report, "PART_NOT_RECORDED")).contains("S2", "ghost");
        assertThat(report.get("checked").get("nodeCount").asInt()).isEqualTo(8);
    }

    @Test
    void reportsATreeBeyondTheWalkBoundsAsTooLargeAndIncomplete() {
        buildCheckedThreeLevelProduct();
        RobotRegistry robots = new RobotRegistry();
        Goods goods = new Goods();
        Collateral collateral = new Collateral(goods, new BtcPrices());

        CollateralReport fiveGoods = harness.submitWith(
                LENDER,
                stub -> new CollateralVerification(robots, goods, new Anchors(robots), collateral, 32, 5)
                        .verify(new WorldState(stub), "P"));
        CollateralReport oneLevel = harness.submitWith(
                LENDER,
                stub -> new CollateralVerification(robots, goods, new Anchors(robots), collateral, 1, 100)
                        .verify(new WorldState(stub), "P"));

        assertThat(fiveGoods.verdict()).isEqualTo(Verdict.NOT_ELIGIBLE);
        assertThat(fiveGoods.reasons())
                .extracting(ReportReason::code, ReportReason::goodId)
                .containsExactly(tuple(ReasonCode.PROVENANCE_TOO_LARGE, "P"));
        assertThat(fiveGoods.reasons().get(0).detail()).contains("more than 5 goods");
        assertThat(fiveGoods.checked().nodeCount()).isEqualTo(5);
        assertThat(fiveGoods.checked().complete()).isFalse();
        assertThat(oneLevel.reasons()).extracting(ReportReason::code).containsExactly(ReasonCode.PROVENANCE_TOO_LARGE);
        assertThat(oneLevel.reasons().get(0).detail()).contains("deeper than 1", "a1", "depth 2");
        assertThat(oneLevel.checked().nodeCount()).as("P, S1, S2, c1").isEqualTo(4);
        assertThat(oneLevel.checked().complete()).isFalse();
    }

    @Test
    void reportsAGoodMadeByAnUnregisteredRobot() {
        buildCheckedThreeLevelProduct();
        rewrite("c1", good -> {
            Production made = good.production();
            Production byGhost = new Production(
                    made.kind(),
                    made.producerOrg(),
                    "r-ghost",
                    made.site(),
                    made.line(),
                    made.station(),
                    made.producedAtEpochMillis(),
                    made.recordedAtEpochMillis(),
                    made.recordedInTxId(),
                    made.firmwareVersion(),
                    made.processParameters(),
                    made.energyWh(),
                    made.telemetryAnchor(),
                    made.gtin(),
                    made.serial(),
                    made.lot());
            return new Good(
                    good.id(),
                    byGhost,
                    good.partIds(),
                    good.custodianOrg(),
                    good.status(),
                    good.parentId(),
                    good.qualityChecks(),
                    good.custodyHistory(),
                    good.pendingTransfer(),
                    good.recall(),
                    good.dispositions());
        });

        JsonNode report = report("P");

        assertThat(reasons(report)).startsWith("ROBOT_NOT_REGISTERED c1");
        assertThat(detail(report, "ROBOT_NOT_REGISTERED")).contains("r-ghost");
    }

    @Test
    void reportsGoodsMadeAtOrAfterTheRobotsRevocationButNotThoseMadeBefore() {
        produceChecked("before");
        // Production may be reported up to five minutes ahead of its transaction, so a robot can
        // be revoked before the production time a good it "made" carries.
        long ahead = harness.nextTxEpochMillis() + 240_000;
        scenario.produce("after", "r-press", ahead);
        scenario.qualityCheck(MANUFACTURER, "after", "PASS");
        harness.submit(
                MANUFACTURER,
                (c, ctx) -> c.revokeRobot(
                        ctx,
                        scenario.nextEventId(),
                        Fixtures.json(Map.of("robotId", "r-press", "reason", "key leaked"))));

        JsonNode after = report("after");

        assertThat(reasons(after)).containsExactly("ROBOT_REVOKED after");
        assertThat(detail(after, "ROBOT_REVOKED")).contains("r-press", "key leaked", String.valueOf(ahead));
        assertThat(report("before").get("verdict").asText()).isEqualTo("ELIGIBLE");
    }

    @Test
    void reportsEveryGoodWithoutAQualityCheck() {
        scenario.produce("x1", "r-press");
        produceChecked("x2");
        assembleChecked("X", List.of("x1", "x2"));

        JsonNode report = report("X");

        assertThat(reasons(report)).containsExactly("QUALITY_NOT_CHECKED x1");
        assertThat(report.get("checked").get("qualityChecksCounted").asInt()).isEqualTo(2);
    }

    @Test
    void judgesEachCheckTypeByItsLatestResult() {
        produceChecked("failed");
        Map<String, Object> visualFail = Fixtures.qualityCheck("failed", Scenario.productionOf("failed"), "FAIL");
        visualFail.put("checkType", "visual");
        harness.submit(
                MANUFACTURER, (c, ctx) -> c.recordQualityCheck(ctx, scenario.nextEventId(), Fixtures.json(visualFail)));
        scenario.produce("rechecked", "r-press");
        scenario.qualityCheck(MANUFACTURER, "rechecked", "FAIL");
        scenario.dispose(MANUFACTURER, "rechecked", "RELEASE");
        scenario.qualityCheck(MANUFACTURER, "rechecked", "PASS");

        JsonNode failed = report("failed");
        JsonNode rechecked = report("rechecked");

        assertThat(reasons(failed)).containsExactly("GOOD_NOT_ACTIVE failed", "QUALITY_FAILED failed");
        assertThat(detail(failed, "QUALITY_FAILED")).contains("'visual'", MANUFACTURER);
        assertThat(reasons(rechecked))
                .as("after a release, a later pass of the same type counts")
                .isEmpty();
    }

    @Test
    void reportsAPartConsumedIntoAProductAsNotActive() {
        buildCheckedThreeLevelProduct();

        JsonNode report = report("S1");

        assertThat(reasons(report)).containsExactly("GOOD_NOT_ACTIVE S1");
        assertThat(detail(report, "GOOD_NOT_ACTIVE")).contains("CONSUMED", "P");
        assertThat(report.get("checked").get("productsAboveChecked").asInt()).isEqualTo(1);
    }

    @Test
    void reportsACustodyChainThatDoesNotEndAtTheCustodian() {
        buildCheckedThreeLevelProduct();
        rewrite(
                "P",
                good -> new Good(
                        good.id(),
                        good.production(),
                        good.partIds(),
                        LENDER,
                        good.status(),
                        good.parentId(),
                        good.qualityChecks(),
                        good.custodyHistory(),
                        null,
                        good.recall(),
                        good.dispositions()));

        JsonNode report = report("P");

        assertThat(reasons(report)).containsExactly("CUSTODY_BROKEN P");
        assertThat(detail(report, "CUSTODY_BROKEN")).contains("ends at " + RETAILER, "custodian is " + LENDER);
    }

    @Test
    void reportsAnAcceptanceWithoutAnOpenOffer() {
        buildCheckedThreeLevelProduct();
        rewrite("P", good -> {
            List<CustodyEntry> withoutOffer = good.custodyHistory().stream()
                    .filter(step -> step.action() != CustodyAction.PROPOSED)
                    .toList();
            return new Good(
                    good.id(),
                    good.production(),
                    good.partIds(),
                    good.custodianOrg(),
                    good.status(),
                    good.parentId(),
                    good.qualityChecks(),
                    withoutOffer,
                    null,
                    good.recall(),
                    good.dispositions());
        });

        JsonNode report = report("P");

        assertThat(reasons(report)).containsExactly("CUSTODY_BROKEN P");
        assertThat(detail(report, "CUSTODY_BROKEN")).contains("ACCEPTED", "never open");
    }

    @Test
    void reportsAPendingTransferWithoutCallingTheChainBroken() {
        produceChecked("g");
        scenario.proposeOnly("g", MANUFACTURER, RETAILER);

        JsonNode report = report("g");

        assertThat(reasons(report)).containsExactly("TRANSFER_PENDING g");
        assertThat(detail(report, "TRANSFER_PENDING")).contains(MANUFACTURER, RETAILER);
    }

    @Test
    void reportsTheRecalledPartAndEveryProductAboveItInTreeOrder() {
        buildCheckedThreeLevelProduct();
        harness.submit(
                MANUFACTURER,
                (c, ctx) -> c.recallGood(
                        ctx, "recall-a1", Fixtures.json(Map.of("goodId", "a1", "reason", "porous casting"))));

        JsonNode report = report("P");

        assertThat(reasons(report)).containsExactly("RECALLED P", "RECALLED S1", "RECALLED a1");
        assertThat(detail(report, "RECALLED")).contains("recall recall-a1", "with a part inside it", "porous casting");
    }

    @Test
    void reportsTheLienOnTheGoodUntilItIsReleased() {
        produceChecked("g");
        scenario.recordPrice("px-1", 5_000_000L);
        scenario.pledge(
                MANUFACTURER, "loan-1", "g", 50_000_000L, 10_000_000L, Fixtures.paymentHash(Fixtures.newPreimage()));

        JsonNode pledged = report("g");
        harness.submit(
                LENDER,
                (c, ctx) -> c.releaseByLender(
                        ctx, scenario.nextEventId(), Fixtures.json(Map.of("loanId", "loan-1", "reason", "repaid"))));
        JsonNode released = report("g");

        assertThat(reasons(pledged)).containsExactly("ENCUMBERED g");
        assertThat(detail(pledged, "ENCUMBERED")).contains("loan-1", LENDER, MANUFACTURER);
        assertThat(released.get("verdict").asText()).isEqualTo("ELIGIBLE");
    }

    @Test
    void reportsLiensOnAProductAboveAndOnAPartInside() {
        buildCheckedThreeLevelProduct();
        scenario.recordPrice("px-1", 5_000_000L);
        scenario.pledge(
                RETAILER, "loan-p", "P", 50_000_000L, 10_000_000L, Fixtures.paymentHash(Fixtures.newPreimage()));
        // Assembly refuses pledged parts: a lien inside a product is state a contract version could have left.
        harness.submitWith(MANUFACTURER, stub -> {
            WorldState state = new WorldState(stub);
            state.put(
                    Lien.key("loan-legacy"),
                    new Lien(
                            "loan-legacy",
                            "a2",
                            LENDER,
                            MANUFACTURER,
                            1,
                            1,
                            "USD",
                            1,
                            2,
                            3,
                            Fixtures.sha256Hex("preimage"),
                            Fixtures.sha256Hex("terms"),
                            "loanTerms_ManufacturerMSP_LenderMSP",
                            "px-1",
                            1,
                            LienStatus.ACTIVE,
                            MarginState.OK,
                            0,
                            "tx-legacy",
                            "e-legacy",
                            List.of(),
                            null,
                            null));
            state.put(GoodLien.key("a2"), new GoodLien("a2", "loan-legacy"));
            return null;
        });

        JsonNode product = report("P");
        JsonNode part = report("S1");

        assertThat(reasons(product)).containsExactly("ENCUMBERED P", "ENCUMBERED a2");
        assertThat(reasons(part)).containsExactly("GOOD_NOT_ACTIVE S1", "ENCUMBERED P", "ENCUMBERED a2");
        assertThat(detail(part, "ENCUMBERED")).contains("product P, which contains good S1", "loan-p");
        assertThat(product.get("reasons").get(1).get("detail").asText())
                .contains("part a2, inside good P", "loan-legacy");
    }

    @Test
    void reportsAGoodWithoutATelemetryAnchorAsUnanchored() {
        produceCheckedWithAnchor("g", "r-press", null);

        JsonNode report = report("g");

        assertThat(reasons(report)).containsExactly("UNANCHORED g");
        assertThat(detail(report, "UNANCHORED")).contains("unanchored");
        assertThat(report.get("checked").get("anchorsChecked").asInt()).isZero();
    }

    @Test
    void reportsABatchWithoutAnAnchorOnTheLedger() {
        produceCheckedWithAnchor("g", "r-press", Map.of("batchId", "batch-9", "merkleRoot", Fixtures.MERKLE_ROOT));

        JsonNode report = report("g");

        assertThat(reasons(report)).containsExactly("ANCHOR_NOT_RECORDED g");
        assertThat(detail(report, "ANCHOR_NOT_RECORDED")).contains("batch-9");
    }

    @Test
    void reportsAMerkleRootOtherThanTheAnchoredOne() {
        String otherRoot = Fixtures.sha256Hex("other readings");
        produceCheckedWithAnchor("g", "r-press", Map.of("batchId", "batch-1", "merkleRoot", otherRoot));

        JsonNode report = report("g");

        assertThat(reasons(report)).containsExactly("ANCHOR_ROOT_MISMATCH g");
        assertThat(detail(report, "ANCHOR_ROOT_MISMATCH")).contains(otherRoot, Fixtures.MERKLE_ROOT);
    }

    @Test
    void reportsAnAnchorThatDoesNotCoverTheProducingRobot() {
        recordAnchor("batch-press", List.of("r-press"), clockStart, clockStart + HOUR);
        produceCheckedWithAnchor("g", "r-asm", Map.of("batchId", "batch-press", "merkleRoot", Fixtures.MERKLE_ROOT));

        JsonNode report = report("g");

        assertThat(reasons(report)).containsExactly("ANCHOR_ROBOT_NOT_COVERED g");
        assertThat(detail(report, "ANCHOR_ROBOT_NOT_COVERED")).contains("batch-press", "r-asm");
    }

    @Test
    void reportsAnAnchorWhoseTimeRangeMissesTheProduction() {
        recordAnchor("batch-old", List.of("r-press"), clockStart - 2 * HOUR, clockStart - HOUR);
        produceCheckedWithAnchor("g", "r-press", Map.of("batchId", "batch-old", "merkleRoot", Fixtures.MERKLE_ROOT));

        JsonNode report = report("g");

        assertThat(reasons(report)).containsExactly("ANCHOR_TIME_NOT_COVERED g");
        assertThat(detail(report, "ANCHOR_TIME_NOT_COVERED")).contains("batch-old", String.valueOf(clockStart - HOUR));
    }

    // PledgeGood does not run the report (chaincode/README.md): the lender's policy findings do
    // not stop a pledge, while what can turn an eligible good ineligible later does.
    @Test
    void leavesPolicyFindingsToTheLenderButThePledgeRefusesWhatCanChangeAfterAReport() {
        produceCheckedWithAnchor("unanchored", "r-press", null);
        buildCheckedThreeLevelProduct();
        scenario.recordPrice("px-1", 5_000_000L);
        assertThat(report("P").get("verdict").asText()).isEqualTo("ELIGIBLE");
        harness.submit(
                MANUFACTURER,
                (c, ctx) -> c.recallGood(ctx, "recall-b2", Fixtures.json(Map.of("goodId", "b2", "reason", "burr"))));

        String pledgeOfP = Fixtures.json(Fixtures.pledge(
                "loan-p", "P", LENDER, 50_000_000L, 10_000_000L, Fixtures.paymentHash(Fixtures.newPreimage())));
        ErrorCode recalledProduct = harness.refusalCode(
                RETAILER,
                Fixtures.termsTransient(Fixtures.loanTerms("Retail")),
                (c, ctx) -> c.pledgeGood(ctx, "e-pledge-p", pledgeOfP));
        scenario.pledge(
                MANUFACTURER,
                "loan-u",
                "unanchored",
                50_000_000L,
                10_000_000L,
                Fixtures.paymentHash(Fixtures.newPreimage()));

        assertThat(reasons(report("P"))).containsExactly("RECALLED P", "RECALLED S2", "RECALLED b2");
        assertThat(recalledProduct).isEqualTo(ErrorCode.GOOD_NOT_ACTIVE);
        assertThat(reasons(report("unanchored"))).containsExactly("ENCUMBERED unanchored", "UNANCHORED unanchored");
    }

    @Test
    void writesTheReportWithSortedKeysAndNoNulls() {
        produceChecked("g");

        String json = harness.evaluate(LENDER, (c, ctx) -> c.verifyCollateral(ctx, "g"));

        assertThat(json).startsWith("{\"checked\":{\"anchorsChecked\":1,").doesNotContain("null");
        assertThat(Json.write(Json.readState(json.getBytes(StandardCharsets.UTF_8), CollateralReport.class)))
                .isEqualTo(json);
    }

    @Test
    void readmeDescribesEveryReasonCode() throws IOException {
        List<String> lines = Files.readAllLines(Path.of("README.md"));
        int start = lines.indexOf("<!-- reason-codes:start -->");
        int end = lines.indexOf("<!-- reason-codes:end -->");
        assertThat(start)
                .as("reason-code markers in chaincode/README.md")
                .isNotNegative()
                .isLessThan(end);
        List<String> documented = lines.subList(start + 3, end).stream()
                .map(line -> line.split("\\|")[1].strip().replace("`", ""))
                .toList();

        assertThat(documented)
                .containsExactlyElementsOf(
                        Arrays.stream(ReasonCode.values()).map(Enum::name).toList());
    }
}
