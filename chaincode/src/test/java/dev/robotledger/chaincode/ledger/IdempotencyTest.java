package dev.robotledger.chaincode.ledger;

import static dev.robotledger.chaincode.testing.Scenario.LENDER;
import static dev.robotledger.chaincode.testing.Scenario.MANUFACTURER;
import static dev.robotledger.chaincode.testing.Scenario.RETAILER;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.robotledger.chaincode.testing.ContractHarness;
import dev.robotledger.chaincode.testing.Fixtures;
import dev.robotledger.chaincode.testing.Scenario;
import dev.robotledger.chaincode.testing.WriteCatalogue;
import dev.robotledger.contract.ErrorCode;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.hyperledger.fabric.shim.ChaincodeException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Replays of every write function, with the same and with different requests under one event id. */
class IdempotencyTest {

    private final ContractHarness harness = new ContractHarness();

    static Stream<WriteCatalogue.Case> everyWrite() {
        return WriteCatalogue.cases().stream();
    }

    private String first(WriteCatalogue.Case write) {
        WriteCatalogue.buildWorld(new Scenario(harness));
        String request = write.requestFor(write.allowedMsp());
        return harness.submit(
                write.allowedMsp(),
                write.transientData(),
                (c, ctx) -> write.write().call(c, ctx, "evt-once", request));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("everyWrite")
    void replayWithTheSameEventIdLeavesStateByteIdenticalAndReturnsTheFirstResult(WriteCatalogue.Case write) {
        String firstResult = first(write);
        Map<String, String> before = harness.ledger().snapshot();
        int events = harness.ledger().events().size();
        String replayed = reordered(write.requestFor(write.allowedMsp()));

        String result = harness.submit(
                write.allowedMsp(),
                write.transientData(),
                (c, ctx) -> write.write().call(c, ctx, "evt-once", replayed));

        assertThat(result).isEqualTo(firstResult);
        assertThat(harness.ledger().snapshot()).isEqualTo(before);
        assertThat(harness.ledger().events()).as("a replay emits no event").hasSize(events);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("everyWrite")
    void refusesTheSameEventIdWithADifferentRequest(WriteCatalogue.Case write) {
        first(write);
        Map<String, String> before = harness.ledger().snapshot();

        ChaincodeException refusal = harness.refusal(
                write.allowedMsp(),
                write.transientData(),
                (c, ctx) -> write.write().call(c, ctx, "evt-once", write.variantRequest()));

        assertThat(ContractHarness.code(refusal)).isEqualTo(ErrorCode.EVENT_ID_REUSED);
        assertThat(refusal.getMessage()).contains("evt-once");
        assertThat(harness.ledger().snapshot()).isEqualTo(before);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("everyWrite")
    void refusesTheSameEventIdFromAnotherOrg(WriteCatalogue.Case write) {
        first(write);
        String other = List.of(MANUFACTURER, RETAILER, LENDER).stream()
                .filter(msp -> !msp.equals(write.allowedMsp()))
                .findFirst()
                .orElseThrow();
        String request = write.requestFor(write.allowedMsp());

        assertThat(harness.refusalCode(
                        other, write.transientData(), (c, ctx) -> write.write().call(c, ctx, "evt-once", request)))
                .isEqualTo(ErrorCode.EVENT_ID_REUSED);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("everyWrite")
    void refusesTheSameEventIdForAnotherFunction(WriteCatalogue.Case write) {
        first(write);
        WriteCatalogue.Case other = WriteCatalogue.cases().stream()
                .filter(candidate -> !candidate.label().startsWith(write.label().split(" ")[0]))
                .findFirst()
                .orElseThrow();
        String request = other.requestFor(other.allowedMsp());

        ChaincodeException refusal = harness.refusal(
                other.allowedMsp(),
                other.transientData(),
                (c, ctx) -> other.write().call(c, ctx, "evt-once", request));

        assertThat(ContractHarness.code(refusal)).isEqualTo(ErrorCode.EVENT_ID_REUSED);
        assertThat(refusal.getMessage()).contains(write.label().split(" ")[0]);
    }

    /** The same request with its top-level fields in reverse order and spaces added. */
    private static String reordered(String json) {
        JsonNode tree = Fixtures.tree(json);
        List<String> names = new ArrayList<>();
        tree.fieldNames().forEachRemaining(names::add);
        Collections.reverse(names);
        ObjectNode copy = new ObjectMapper().createObjectNode();
        names.forEach(name -> copy.set(name, tree.get(name)));
        return copy.toPrettyString();
    }
}
