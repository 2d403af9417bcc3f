package dev.robotledger.chaincode.good;

import static dev.robotledger.chaincode.testing.Scenario.MANUFACTURER;
import static dev.robotledger.chaincode.testing.Scenario.RETAILER;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.robotledger.chaincode.testing.ContractHarness;
import dev.robotledger.chaincode.testing.Fixtures;
import dev.robotledger.chaincode.testing.Scenario;
import dev.robotledger.contract.ErrorCode;
import dev.robotledger.contract.Sgtin;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.hyperledger.fabric.shim.ChaincodeException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Goods with GS1 identities: an SGTIN (GTIN + serial, a lot when made in lots) whose EPC URI is the good's id. */
class Gs1IdentityTest {

    static final String BRACKET_GTIN = Sgtin.gtin("9506000", "013435");

    private final ContractHarness harness = new ContractHarness();
    private final Scenario scenario = new Scenario(harness);

    @BeforeEach
    void registerARobot() {
        scenario.registerRobot("r1");
    }

    private ChaincodeException productionRefusal(Consumer<Map<String, Object>> change) {
        Map<String, Object> production =
                Fixtures.gs1Production(Sgtin.of(BRACKET_GTIN, "r1.1", 7), "L7", "r1", harness.nextTxEpochMillis());
        change.accept(production);
        return harness.refusal(MANUFACTURER, (c, ctx) -> c.recordProduction(ctx, "e-bad", Fixtures.json(production)));
    }

    @Test
    void recordsAGoodUnderItsEpcUriWithItsGtinSerialAndLot() {
        Sgtin item = Sgtin.of(BRACKET_GTIN, "r1.1", 7);

        JsonNode good = Fixtures.tree(harness.submit(
                MANUFACTURER,
                (c, ctx) -> c.recordProduction(
                        ctx,
                        "e1",
                        Fixtures.json(Fixtures.gs1Production(item, "L7", "r1", harness.nextTxEpochMillis())))));

        assertThat(good.get("id").asText()).isEqualTo("urn:epc:id:sgtin:9506000.013435.r1.1");
        assertThat(good.at("/production/gtin").asText()).isEqualTo("09506000134352");
        assertThat(good.at("/production/serial").asText()).isEqualTo("r1.1");
        assertThat(good.at("/production/lot").asText()).isEqualTo("L7");
    }

    @ParameterizedTest(name = "{0}={1}")
    @CsvSource(delimiter = '|', textBlock = """
            gtin   | 09506000134353                        | has check digit 3; GS1's mod-10 check digit of 0950600013435 is 2
            gtin   | 9506000134352                         | is not a GTIN-14
            serial | r1.1 with a space                     | which is not in GS1's character set 82
            serial | r1.123456789012345678                 | is longer than 20 characters
            lot    | L#7                                   | which is not in GS1's character set 82
            goodId | urn:epc:id:sgtin:9506000.013435.r1.2  | names GTIN 09506000134352 serial r1.2, not the good's GTIN 09506000134352 serial r1.1
            goodId | bracket-r1-1                          | is not an SGTIN EPC URI
            """)
    void refusesAMalformedGs1Identity(String field, String value, String problem) {
        ChaincodeException refusal = productionRefusal(production -> production.put(field, value));

        assertThat(ContractHarness.code(refusal)).isEqualTo(ErrorCode.INVALID_GS1_KEY);
        assertThat(refusal.getMessage()).contains(problem);
    }

    @Test
    void refusesAnSgtinIdWithoutItsGtinAndSerial() {
        ChaincodeException refusal = productionRefusal(production -> production.remove("gtin"));

        assertThat(ContractHarness.code(refusal)).isEqualTo(ErrorCode.INVALID_GS1_KEY);
        assertThat(refusal.getMessage()).contains("gtin is missing");
    }

    @Test
    void refusesTheSameGtinAndSerialWrittenWithAnotherCompanyPrefixLength() {
        harness.submit(
                MANUFACTURER,
                (c, ctx) -> c.recordProduction(
                        ctx,
                        "e1",
                        Fixtures.json(Fixtures.gs1Production(
                                Sgtin.of(BRACKET_GTIN, "r1.1", 7), null, "r1", harness.nextTxEpochMillis()))));

        ChaincodeException refusal = harness.refusal(
                MANUFACTURER,
                (c, ctx) -> c.recordProduction(
                        ctx,
                        "e2",
                        Fixtures.json(Fixtures.gs1Production(
                                Sgtin.of(BRACKET_GTIN, "r1.1", 8), null, "r1", harness.nextTxEpochMillis()))));

        assertThat(ContractHarness.code(refusal)).isEqualTo(ErrorCode.GOOD_ALREADY_EXISTS);
        assertThat(refusal.getMessage()).contains("GTIN 09506000134352 serial r1.1 is already recorded");
    }

    @Test
    void aThreeLevelProductHasGs1IdentitiesThroughout() {
        scenario.registerRobot("r-asm");
        List<String> parts = List.of("p.1", "p.2", "p.3");
        for (String serial : parts) {
            scenario.produceGs1(Sgtin.of(BRACKET_GTIN, serial, 7), "LOT-42", "r1");
        }
        Sgtin frame = Sgtin.of(Sgtin.gtin("9506000", "013436"), "f.1", 7);
        Sgtin product = Sgtin.of(Sgtin.gtin("9506000", "013437"), "x.1", 7);
        scenario.assembleGs1(frame, "r-asm", List.of(epc("p.1"), epc("p.2")));
        scenario.assembleGs1(product, "r-asm", List.of(frame.epcUri(), epc("p.3")));
        scenario.qualityCheck(MANUFACTURER, product.epcUri(), "PASS");
        scenario.transfer(product.epcUri(), MANUFACTURER, RETAILER);

        JsonNode provenance =
                Fixtures.tree(harness.evaluate(RETAILER, (c, ctx) -> c.getProvenance(ctx, product.epcUri(), 5, 100)));

        assertThat(provenance.get("nodeCount").asInt()).isEqualTo(5);
        assertThat(provenance.get("depth").asInt()).isEqualTo(2);
        assertThat(provenance.findValues("good")).hasSize(5).allSatisfy(good -> {
            assertThat(Sgtin.fromEpcUri(good.get("id").asText())).isPresent();
            assertThat(good.at("/production/gtin").asText()).hasSize(14);
        });
    }

    private static String epc(String serial) {
        return Sgtin.of(BRACKET_GTIN, serial, 7).epcUri();
    }
}
