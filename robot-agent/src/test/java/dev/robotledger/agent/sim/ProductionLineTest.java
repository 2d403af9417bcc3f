package dev.robotledger.agent.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.robotledger.agent.sim.ProductionLine.MadeGood;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class ProductionLineTest {

    private static final List<String> FIVE = List.of("r1", "r2", "r3", "r4", "r5");

    @Test
    void givesEveryLevelOfTheTreeARobot() {
        ProductionLine line = ProductionLine.of(FIVE, 0);
        assertThat(line.stagesOf("r1")).containsExactly(Stage.PRODUCT);
        assertThat(line.stagesOf("r2")).containsExactly(Stage.SUB_ASSEMBLY);
        assertThat(List.of("r3", "r4", "r5"))
                .allSatisfy(robot -> assertThat(line.stagesOf(robot)).containsExactly(Stage.PART));
        assertThat(ProductionLine.cell("solo", 0).stagesOf("solo"))
                .containsExactly(Stage.PRODUCT, Stage.SUB_ASSEMBLY, Stage.PART);
        ProductionLine two = ProductionLine.of(List.of("a", "b"), 0);
        assertThat(two.stagesOf("a")).containsExactly(Stage.PRODUCT, Stage.SUB_ASSEMBLY);
        assertThat(two.stagesOf("b")).containsExactly(Stage.PART);
        ProductionLine fifty = ProductionLine.of(
                IntStream.rangeClosed(1, 50).mapToObj(i -> "r" + i).toList(), 0);
        assertThat(fifty.stagesOf("r8")).containsExactly(Stage.PRODUCT);
        assertThat(fifty.stagesOf("r9")).containsExactly(Stage.SUB_ASSEMBLY);
        assertThat(fifty.stagesOf("r25")).containsExactly(Stage.PART);
        assertThatThrownBy(() -> line.stagesOf("r6")).hasMessageContaining("no place on this line");
    }

    @Test
    void theTreeIsThreeLevelsDeep() {
        assertThat(Stage.PRODUCT.input()).isEqualTo(Stage.SUB_ASSEMBLY);
        assertThat(Stage.SUB_ASSEMBLY.input()).isEqualTo(Stage.PART);
        assertThat(Stage.PART.input()).isNull();
    }

    @Test
    void failsTheConfiguredFractionOfGoodsTheSameWayEveryTime() {
        ProductionLine line = ProductionLine.of(FIVE, 0.1);
        List<String> ids = IntStream.range(0, 20_000)
                .mapToObj(i -> "urn:epc:id:sgtin:9506000.000001.r3." + i)
                .toList();
        long failed = ids.stream().filter(id -> !line.passes(id)).count();
        assertThat(failed).isBetween(1_700L, 2_300L);
        assertThat(ids.stream()
                        .filter(id -> !ProductionLine.of(FIVE, 0.1).passes(id))
                        .count())
                .isEqualTo(failed);
        assertThat(ids).allMatch(ProductionLine.of(FIVE, 0)::passes);
        assertThat(ids).noneMatch(ProductionLine.of(FIVE, 1)::passes);
        assertThatThrownBy(() -> ProductionLine.of(FIVE, 1.5)).hasMessageContaining("[0, 1]");
    }

    @Test
    void onlyGoodsThatPassedAreEverConsumed() {
        ProductionLine line = ProductionLine.of(FIVE, 0.3);
        int passed = 0;
        for (int i = 0; i < 100; i++) {
            String id = "part-" + i;
            if (line.passes(id)) {
                line.passed(new MadeGood(id, "r3:" + i, "r3", Stage.PART));
                line.acknowledged(id, "r3:" + i, 1_000);
                passed++;
            }
        }
        int taken = 0;
        for (var inputs = line.take(Stage.SUB_ASSEMBLY, "r2", 2_000);
                inputs.isPresent();
                inputs = line.take(Stage.SUB_ASSEMBLY, "r2", 2_000)) {
            assertThat(inputs.get()).hasSize(2).allMatch(good -> line.passes(good.goodId()));
            taken += 2;
        }
        assertThat(passed).isLessThan(100);
        assertThat(taken).isEqualTo(passed - passed % 2);
    }

    @Test
    void anotherRobotsGoodIsTakenOnlyAfterTheBrokerAcknowledgedItsCheckAndALaterReading() {
        ProductionLine line = ProductionLine.of(FIVE, 0);
        line.passed(new MadeGood("p1", "r3:1", "r3", Stage.PART));
        line.passed(new MadeGood("p2", "r4:1", "r4", Stage.PART));
        assertThat(line.take(Stage.SUB_ASSEMBLY, "r2", 5_000)).isEmpty();

        line.acknowledged("p1", "r3:1", 1_000);
        // Another production of the same good id says nothing of this one.
        line.acknowledged("p2", "r4:other", 1_000);
        assertThat(line.take(Stage.SUB_ASSEMBLY, "r2", 5_000)).isEmpty();

        line.acknowledged("p2", "r4:1", 1_000);
        assertThat(line.take(Stage.SUB_ASSEMBLY, "r2", 1_000))
                .as("no reading after the acknowledgement")
                .isEmpty();
        assertThat(line.take(Stage.SUB_ASSEMBLY, "r2", 1_001))
                .hasValueSatisfying(
                        goods -> assertThat(goods).extracting("goodId").containsExactly("p1", "p2"));
        assertThat(line.inStock(Stage.PART)).isZero();
    }

    @Test
    void aRobotTakesItsOwnGoodsAtOnceAndNeverOneGoodTwice() {
        ProductionLine line = ProductionLine.cell("solo", 0);
        line.passed(new MadeGood("a1", "solo:1", "solo", Stage.SUB_ASSEMBLY));
        line.passed(new MadeGood("a2", "solo:2", "solo", Stage.SUB_ASSEMBLY));
        line.passed(new MadeGood("a3", "solo:3", "solo", Stage.SUB_ASSEMBLY));
        assertThat(line.take(Stage.PRODUCT, "solo", 0))
                .hasValueSatisfying(
                        goods -> assertThat(goods).extracting("goodId").containsExactly("a1", "a2"));
        assertThat(line.take(Stage.PRODUCT, "solo", 0)).isEmpty();
        assertThat(line.inStock(Stage.SUB_ASSEMBLY)).isOne();
    }

    @Test
    void keepsABoundedStockAndLetsTheOldestGoAsSpares() {
        ProductionLine line = ProductionLine.of(FIVE, 0);
        for (int i = 0; i < ProductionLine.STOCK_LIMIT + 10; i++) {
            line.passed(new MadeGood("p" + i, "r3:" + i, "r3", Stage.PART));
            line.acknowledged("p" + i, "r3:" + i, 1);
        }
        assertThat(line.inStock(Stage.PART)).isEqualTo(ProductionLine.STOCK_LIMIT);
        assertThat(line.take(Stage.SUB_ASSEMBLY, "r2", 2))
                .hasValueSatisfying(
                        goods -> assertThat(goods).extracting("goodId").containsExactly("p10", "p11"));
    }
}
