package dev.robotledger.chaincode;

import static dev.robotledger.chaincode.testing.Scenario.LENDER;
import static dev.robotledger.chaincode.testing.Scenario.MANUFACTURER;
import static dev.robotledger.chaincode.testing.Scenario.ORACLE;
import static dev.robotledger.chaincode.testing.Scenario.RETAILER;
import static org.assertj.core.api.Assertions.assertThat;

import dev.robotledger.chaincode.testing.ContractHarness;
import dev.robotledger.chaincode.testing.Fixtures;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Endorsing peers execute a transaction independently and their write sets must match byte for
 * byte. Two ledgers fed the same transactions (same ids, timestamps, creators, arguments) must
 * end in identical states with identical results and events.
 */
class DeterminismTest {

    private record Step(String mspId, Map<String, byte[]> transientData, ContractHarness.Call call) {

        Step(String mspId, ContractHarness.Call call) {
            this(mspId, Map.of(), call);
        }
    }

    private static List<Step> supplyChain() {
        String robot = Fixtures.json(Fixtures.robot("r1"));
        String assembler = Fixtures.json(Fixtures.robot("r-asm"));
        long t0 = 1_772_438_400_000L;
        List<Step> steps = new ArrayList<>();
        steps.add(new Step(MANUFACTURER, (c, ctx) -> c.registerRobot(ctx, "e1", robot)));
        steps.add(new Step(MANUFACTURER, (c, ctx) -> c.registerRobot(ctx, "e2", assembler)));
        steps.add(new Step(
                MANUFACTURER,
                (c, ctx) -> c.recordProduction(ctx, "e3", Fixtures.json(Fixtures.production("a", "r1", t0)))));
        steps.add(new Step(
                MANUFACTURER,
                (c, ctx) -> c.recordProduction(ctx, "e4", Fixtures.json(Fixtures.production("b", "r1", t0)))));
        steps.add(new Step(
                MANUFACTURER,
                (c, ctx) -> c.recordQualityCheck(ctx, "e5", Fixtures.json(Fixtures.qualityCheck("a", "e3", "PASS")))));
        steps.add(new Step(
                MANUFACTURER,
                (c, ctx) -> c.assembleProduct(
                        ctx,
                        "e6",
                        Fixtures.json(Fixtures.assembly(
                                "p",
                                "r-asm",
                                t0 + 1_000,
                                List.of(Fixtures.part("b", "e4"), Fixtures.part("a", "e3")))))));
        steps.add(new Step(
                MANUFACTURER,
                (c, ctx) ->
                        c.recordAnchor(ctx, "e7", Fixtures.json(Fixtures.anchor("batch-1", List.of("r-asm", "r1"))))));
        steps.add(new Step(
                MANUFACTURER,
                (c, ctx) -> c.proposeTransfer(ctx, "e8", Fixtures.json(Fixtures.proposal("p", "e6", RETAILER)))));
        steps.add(new Step(RETAILER, (c, ctx) -> c.acceptTransfer(ctx, "e9", Fixtures.json(Fixtures.goodOnly("p")))));
        steps.add(new Step(
                MANUFACTURER,
                (c, ctx) -> c.recallRobotOutput(
                        ctx,
                        "e10",
                        Fixtures.json(
                                Map.of("robotId", "r1", "fromEpochMillis", t0, "toEpochMillis", t0, "reason", "x")))));
        steps.add(new Step(LENDER, (c, ctx) -> c.getProvenance(ctx, "p", 3, 10)));
        steps.add(new Step(LENDER, (c, ctx) -> c.verifyCollateral(ctx, "p")));
        steps.add(new Step(
                MANUFACTURER,
                (c, ctx) -> c.recordProduction(ctx, "e11", Fixtures.json(Fixtures.production("c", "r-asm", t0)))));
        steps.add(new Step(
                ORACLE,
                (c, ctx) -> c.recordBtcPrice(ctx, "e12", Fixtures.json(Fixtures.btcPrice("px-1", 5_000_000L, t0)))));
        String preimage = Fixtures.newPreimage();
        Map<String, Object> pledge =
                Fixtures.pledge("loan-1", "c", LENDER, 50_000_000L, 10_000_000L, Fixtures.paymentHash(preimage));
        Map<String, byte[]> terms = Fixtures.termsTransient(Fixtures.loanTerms("Borrower GmbH"));
        steps.add(new Step(
                LENDER,
                terms,
                (c, ctx) -> c.offerLoan(
                        ctx, "e13-offer", Fixtures.json(Fixtures.offer(pledge, MANUFACTURER, t0 + 86_400_000L)))));
        steps.add(new Step(MANUFACTURER, terms, (c, ctx) -> c.pledgeGood(ctx, "e13", Fixtures.json(pledge))));
        steps.add(new Step(
                ORACLE,
                (c, ctx) -> c.recordBtcPrice(
                        ctx, "e14", Fixtures.json(Fixtures.btcPrice("px-2", 15_000_000L, t0 + 1_000)))));
        steps.add(new Step(RETAILER, (c, ctx) -> c.checkMargin(ctx, "e15", Fixtures.json(Map.of("loanId", "loan-1")))));
        steps.add(new Step(
                RETAILER,
                (c, ctx) -> c.releaseWithPreimage(
                        ctx, "e16", Fixtures.json(Map.of("loanId", "loan-1", "preimageHex", preimage)))));
        return steps;
    }

    private static List<String> run(ContractHarness harness, List<Step> steps) {
        List<String> results = new ArrayList<>();
        for (Step step : steps) {
            results.add(harness.submit(step.mspId(), step.transientData(), step.call()));
        }
        return results;
    }

    @Test
    void twoPeersExecutingTheSameTransactionsWriteTheSameBytes() {
        List<Step> steps = supplyChain();
        ContractHarness peer1 = new ContractHarness();
        ContractHarness peer2 = new ContractHarness();

        List<String> results1 = run(peer1, steps);
        List<String> results2 = run(peer2, steps);

        assertThat(results2).isEqualTo(results1);
        assertThat(peer2.ledger().snapshot()).isEqualTo(peer1.ledger().snapshot());
        assertThat(peer2.ledger().events())
                .usingRecursiveFieldByFieldElementComparator()
                .isEqualTo(peer1.ledger().events());
        assertThat(peer1.ledger().events()).hasSize(17);
        assertThat(peer1.ledger().snapshot().keySet())
                .as("private loan terms are compared too")
                .anyMatch(key -> key.startsWith("private:"));
    }
}
