package dev.robotledger.gateway.production;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.robotledger.contract.ContractTransaction;
import dev.robotledger.gateway.production.ContractRequest.AssemblyReport;
import dev.robotledger.gateway.production.ContractRequest.PartReference;
import dev.robotledger.gateway.production.ContractRequest.ProductionReport;
import dev.robotledger.gateway.production.ContractRequest.QualityCheckReport;
import dev.robotledger.wire.crypto.EcdsaP256;
import dev.robotledger.wire.message.Envelope;
import dev.robotledger.wire.message.MessageType;
import java.security.PrivateKey;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ProductionRequestsTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final PrivateKey KEY = EcdsaP256.generateKeyPair().getPrivate();
    private static final long SIGNED_AT = 1_764_000_000_123L;
    // The shapes robot-agent's Simulator publishes.
    private static final String BRACKET = """
            {"goodId":"press-7-g0","kind":"bracket","firmwareVersion":"sim-1.0","energyWh":3.2,
             "processParameters":{"weld.current.a":120.5}}""";

    static Envelope envelope(MessageType type, String payload) {
        return envelope("press-7", 42, type, payload);
    }

    static Envelope envelope(String robotId, long seq, MessageType type, String payload) {
        try {
            return Envelope.sign(robotId, seq, SIGNED_AT, type, (ObjectNode) JSON.readTree(payload), KEY);
        } catch (java.io.IOException e) {
            throw new IllegalArgumentException(payload, e);
        }
    }

    @Test
    void aComponentIsRecordProductionByTheEnvelopesRobotAtTheEnvelopesTime() {
        ProductionEvent event = ProductionRequests.event(9, envelope(MessageType.COMPONENT_PRODUCED, BRACKET));

        assertThat(event.envelopeId()).isEqualTo(9);
        assertThat(event.eventId()).isEqualTo("production-press-7-42");
        assertThat(event.request().transaction()).isEqualTo(ContractTransaction.RECORD_PRODUCTION);
        assertThat(event.request())
                .isEqualTo(new ProductionReport(
                        "press-7-g0",
                        "bracket",
                        "press-7",
                        SIGNED_AT,
                        "sim-1.0",
                        Map.of("weld.current.a", 120.5),
                        3.2));
    }

    @Test
    void anAssemblyIsAssembleProductWithTheProductFilledLikeAComponent() {
        ProductionEvent event = ProductionRequests.event(10, envelope(MessageType.ASSEMBLED, """
                {"product":{"goodId":"urn:epc:id:sgtin:0614141.107346.2017","gtin":"10614141073464","serial":"2017",
                            "kind":"assembly","firmwareVersion":"sim-1.0","energyWh":0},
                 "parts":[{"goodId":"press-7-g0","producedBy":"production-r-1"},{"goodId":"weld-2-g1","producedBy":"production-r-2"}]}"""));

        assertThat(event.request().transaction()).isEqualTo(ContractTransaction.ASSEMBLE_PRODUCT);
        assertThat(event.request())
                .isEqualTo(new AssemblyReport(
                        new ProductionReport(
                                "urn:epc:id:sgtin:0614141.107346.2017",
                                "assembly",
                                "press-7",
                                SIGNED_AT,
                                "sim-1.0",
                                Map.of(),
                                0,
                                null,
                                "10614141073464",
                                "2017",
                                null),
                        List.of(
                                new PartReference("press-7-g0", "production-r-1"),
                                new PartReference("weld-2-g1", "production-r-2"))));
        assertThat(event.request().goodId()).isEqualTo("urn:epc:id:sgtin:0614141.107346.2017");
    }

    @Test
    void aQualityCheckIsRecordQualityCheckWithTheRobotAsInspector() {
        ProductionEvent event = ProductionRequests.event(11, envelope(MessageType.QUALITY_CHECK, """
                {"goodId":"press-7-a2","producedBy":"production-press-7-40","checkType":"dimensional","result":"FAIL","measurements":{"length.mm":120.02}}"""));

        assertThat(event.request().transaction()).isEqualTo(ContractTransaction.RECORD_QUALITY_CHECK);
        assertThat(event.request())
                .isEqualTo(new QualityCheckReport(
                        "press-7-a2",
                        "production-press-7-40",
                        "press-7",
                        "dimensional",
                        "FAIL",
                        Map.of("length.mm", 120.02)));
    }

    @Test
    void theEventIdOfTheLongestRobotIdAndLargestSeqIsWithinTheContractsIdRules() {
        String robotId = "r".repeat(63) + "_";
        long seq = (1L << 53) - 1;

        String eventId = ProductionEvent.eventId(robotId, seq);

        assertThat(eventId).hasSizeBetween(1, 128).matches("[!-~]+");
        assertThat(ProductionEvent.eventId(robotId, seq))
                .isEqualTo(eventId)
                .isNotEqualTo(ProductionEvent.eventId(robotId, seq - 1));
    }

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource(delimiter = '|', textBlock = """
            COMPONENT_PRODUCED | {"goodId":"g-1","kind":"k","firmwareVersion":"1","energyWh":1,"station":"s"}           | INVALID_ARGUMENT | station is not a field of this event
            COMPONENT_PRODUCED | {"goodId":"g-1","kind":"k","firmwareVersion":"1","energyWh":1,"robotId":"other"}     | INVALID_ARGUMENT | robotId is not a field of this event (the gateway takes it from the signed envelope)
            COMPONENT_PRODUCED | {"kind":"k","firmwareVersion":"1","energyWh":1}                                     | INVALID_ARGUMENT | goodId is missing
            COMPONENT_PRODUCED | {"goodId":"g 1","kind":"k","firmwareVersion":"1","energyWh":1}                      | INVALID_ARGUMENT | contains character U+0020
            COMPONENT_PRODUCED | {"goodId":"urn:epc:id:sgtin:1.2.3","kind":"k","firmwareVersion":"1","energyWh":1}  | INVALID_ARGUMENT | is a URN but not an SGTIN
            COMPONENT_PRODUCED | {"goodId":"urn:epc:id:sgtin:0614141.107346.2017","kind":"k","firmwareVersion":"1","energyWh":1} | INVALID_GS1_KEY | gtin is missing
            COMPONENT_PRODUCED | {"goodId":"urn:epc:id:sgtin:0614141.107346.2017","gtin":"10614141073465","serial":"2017","kind":"k","firmwareVersion":"1","energyWh":1} | INVALID_GS1_KEY | gtin 10614141073465 has check digit 5; GS1's mod-10 check digit of 1061414107346 is 4
            COMPONENT_PRODUCED | {"goodId":"urn:epc:id:sgtin:0614141.107346.2018","gtin":"10614141073464","serial":"2017","kind":"k","firmwareVersion":"1","energyWh":1} | INVALID_GS1_KEY | names GTIN 10614141073464 serial 2018, not the good's GTIN 10614141073464 serial 2017
            COMPONENT_PRODUCED | {"goodId":"g-1","gtin":"10614141073464","serial":"2017","kind":"k","firmwareVersion":"1","energyWh":1} | INVALID_GS1_KEY | goodId 'g-1' of GTIN 10614141073464 serial 2017 is not an SGTIN EPC URI
            COMPONENT_PRODUCED | {"goodId":"urn:epc:id:sgtin:0614141.107346.2017","gtin":"10614141073464","serial":"2017","lot":"L 1","kind":"k","firmwareVersion":"1","energyWh":1} | INVALID_GS1_KEY | lot 'L 1' contains ' ', which is not in GS1's character set 82
            ASSEMBLED          | {"product":{"goodId":"urn:epc:id:sgtin:0614141.107346.2017","kind":"k","firmwareVersion":"1","energyWh":1},"parts":[{"goodId":"a","producedBy":"production-r-1"}]} | INVALID_GS1_KEY | product.gtin is missing
            COMPONENT_PRODUCED | {"goodId":7,"kind":"k","firmwareVersion":"1","energyWh":1}                          | INVALID_ARGUMENT | goodId must be a string, was NUMBER
            COMPONENT_PRODUCED | {"goodId":"g-1","kind":" ","firmwareVersion":"1","energyWh":1}                      | INVALID_ARGUMENT | kind is missing
            COMPONENT_PRODUCED | {"goodId":"g-1","kind":"k\\u0007","firmwareVersion":"1","energyWh":1}               | INVALID_ARGUMENT | kind 'k\\u0007' contains a control character
            COMPONENT_PRODUCED | {"goodId":"g-1","kind":"k","energyWh":1}                                            | INVALID_ARGUMENT | firmwareVersion is missing
            COMPONENT_PRODUCED | {"goodId":"g-1","kind":"k","firmwareVersion":"1","energyWh":-0.5}                   | INVALID_ARGUMENT | energyWh must be a finite number >= 0, was -0.5
            COMPONENT_PRODUCED | {"goodId":"g-1","kind":"k","firmwareVersion":"1","energyWh":"3"}                    | INVALID_ARGUMENT | energyWh must be a finite number, was "3"
            COMPONENT_PRODUCED | {"goodId":"g-1","kind":"k","firmwareVersion":"1"}                                   | INVALID_ARGUMENT | energyWh is missing
            COMPONENT_PRODUCED | {"goodId":"g-1","kind":"k","firmwareVersion":"1","energyWh":1,"processParameters":{"a b":1}} | INVALID_ARGUMENT | processParameters has an invalid name 'a b'
            COMPONENT_PRODUCED | {"goodId":"g-1","kind":"k","firmwareVersion":"1","energyWh":1,"processParameters":[1]}     | INVALID_ARGUMENT | processParameters must be an object of named numbers
            ASSEMBLED          | {"product":{"goodId":"p-1","kind":"k","firmwareVersion":"1","energyWh":1},"parts":[]}             | INVALID_ARGUMENT | assembly of p-1 lists no parts
            ASSEMBLED          | {"product":{"goodId":"p-1","kind":"k","firmwareVersion":"1","energyWh":1}}                          | INVALID_ARGUMENT | assembly of p-1 lists no parts
            ASSEMBLED          | {"product":{"goodId":"p-1","kind":"k","firmwareVersion":"1","energyWh":1},"parts":[{"goodId":"a","producedBy":"production-r-1"},{"goodId":"a","producedBy":"production-r-2"}]}      | INVALID_ARGUMENT | assembly of p-1 lists part a twice
            ASSEMBLED          | {"product":{"goodId":"p-1","kind":"k","firmwareVersion":"1","energyWh":1},"parts":[{"goodId":"a","producedBy":"production-r-1"},{"goodId":"p-1","producedBy":"production-r-2"}]}    | ASSEMBLY_CYCLE   | product p-1 cannot be one of its own parts
            ASSEMBLED          | {"product":{"goodId":"p-1","kind":"k","firmwareVersion":"1"},"parts":[{"goodId":"a","producedBy":"production-r-1"}]}                      | INVALID_ARGUMENT | product.energyWh is missing
            ASSEMBLED          | {"product":{"goodId":"p-1","kind":"k","firmwareVersion":"1","energyWh":1,"producedAtEpochMillis":5},"parts":[{"goodId":"a","producedBy":"production-r-1"}]} | INVALID_ARGUMENT | product.producedAtEpochMillis is not a field of this event (the gateway takes it from the signed envelope)
            ASSEMBLED          | {"parts":[{"goodId":"a","producedBy":"production-r-1"}]}                                                                                   | INVALID_ARGUMENT | product is missing
            QUALITY_CHECK      | {"goodId":"g-1","producedBy":"production-press-7-1","checkType":"visual","result":"pass"}                               | INVALID_ARGUMENT | result must be PASS or FAIL, was 'pass'
            QUALITY_CHECK      | {"goodId":"g-1","producedBy":"production-press-7-1","checkType":"visual","result":"PASS","inspector":"alice"}           | INVALID_ARGUMENT | inspector is not a field of this event (the gateway takes it from the signed envelope)
            QUALITY_CHECK      | {"goodId":"g-1","producedBy":"production-press-7-1","result":"PASS"}                                                    | INVALID_ARGUMENT | checkType is missing
            QUALITY_CHECK      | {"goodId":"g-1","producedBy":"production-press-7-1","checkType":"visual","result":"PASS","telemetryWindow":{"seq":41}}  | INVALID_ARGUMENT | telemetryWindow is not a field of this event
            COMPONENT_PRODUCED | {"goodId":"g-1","kind":"k","firmwareVersion":"1","energyWh":1,"telemetryWindow":41} | INVALID_ARGUMENT | telemetryWindow must be an object {"seq": <window envelope number>}, was NUMBER
            COMPONENT_PRODUCED | {"goodId":"g-1","kind":"k","firmwareVersion":"1","energyWh":1,"telemetryWindow":{}} | INVALID_ARGUMENT | telemetryWindow.seq is missing
            COMPONENT_PRODUCED | {"goodId":"g-1","kind":"k","firmwareVersion":"1","energyWh":1,"telemetryWindow":{"seq":"41"}} | INVALID_ARGUMENT | telemetryWindow.seq must be an integer, was "41"
            COMPONENT_PRODUCED | {"goodId":"g-1","kind":"k","firmwareVersion":"1","energyWh":1,"telemetryWindow":{"seq":40.5}} | INVALID_ARGUMENT | telemetryWindow.seq must be an integer, was 40.5
            COMPONENT_PRODUCED | {"goodId":"g-1","kind":"k","firmwareVersion":"1","energyWh":1,"telemetryWindow":{"seq":-1}} | INVALID_ARGUMENT | telemetryWindow.seq must be 0..9007199254740991, was -1
            COMPONENT_PRODUCED | {"goodId":"g-1","kind":"k","firmwareVersion":"1","energyWh":1,"telemetryWindow":{"seq":41,"robotId":"welder-2"}} | INVALID_ARGUMENT | telemetryWindow has a field other than seq
            COMPONENT_PRODUCED | {"goodId":"g-1","kind":"k","firmwareVersion":"1","energyWh":1,"telemetryWindow":{"seq":42}} | INVALID_ARGUMENT | telemetryWindow.seq 42 is not before this event (seq 42)
            ASSEMBLED          | {"product":{"goodId":"p-1","kind":"k","firmwareVersion":"1","energyWh":1,"telemetryWindow":{"seq":41}},"parts":[{"goodId":"a","producedBy":"production-r-1"}]} | INVALID_ARGUMENT | product.telemetryWindow is not a field of this event
            """)
    void refusesWhatTheContractWouldRefuseWithItsCodeNamingTheEventAndField(
            MessageType type, String payload, String code, String message) {
        assertThatThrownBy(() -> ProductionRequests.event(1, envelope(type, payload)))
                .isInstanceOfSatisfying(InvalidProductionEventException.class, e -> {
                    assertThat(e.code()).isEqualTo(code);
                    assertThat(e.getMessage())
                            .startsWith(type + " press-7/42: ")
                            .contains(message);
                });
    }

    @Test
    void aProductionKeepsTheWindowItNamesAndIsSentWithoutAnAnchorUntilTheSubmitterAddsOne() throws Exception {
        ProductionEvent component = ProductionRequests.event(
                11,
                envelope(
                        MessageType.COMPONENT_PRODUCED,
                        BRACKET.replace("\"energyWh\":3.2", "\"energyWh\":3.2,\"telemetryWindow\":{\"seq\":41}")));
        ProductionEvent assembly = ProductionRequests.event(12, envelope(MessageType.ASSEMBLED, """
                {"product":{"goodId":"press-7-a2","kind":"assembly","firmwareVersion":"sim-1.0","energyWh":1},
                 "parts":[{"goodId":"press-7-g0","producedBy":"production-r-1"}],"telemetryWindow":{"seq":0}}"""));
        ProductionEvent plain = ProductionRequests.event(13, envelope(MessageType.COMPONENT_PRODUCED, BRACKET));

        assertThat(component.window()).isEqualTo(new dev.robotledger.wire.message.WindowReference(41));
        assertThat(assembly.window()).isEqualTo(new dev.robotledger.wire.message.WindowReference(0));
        assertThat(plain.window()).isNull();
        assertThat(component.request())
                .as("the window is the gateway's to resolve, not a field of the request")
                .isEqualTo(plain.request());
        assertThat(JSON.readTree(JSON.writeValueAsString(component.request())).has("telemetryAnchor"))
                .as("left out, not null, until anchored")
                .isFalse();

        ContractRequest.TelemetryAnchorRef anchor = new ContractRequest.TelemetryAnchorRef("7", "ab".repeat(32));
        ProductionEvent anchored = component.withTelemetryAnchor(anchor);
        assertThat(((ProductionReport) anchored.request()).telemetryAnchor()).isEqualTo(anchor);
        assertThat(anchored.eventId())
                .as("the same event id, so a replay stays a replay")
                .isEqualTo(component.eventId());
        assertThat(JSON.readTree(JSON.writeValueAsString(anchored.request())).get("telemetryAnchor"))
                .isEqualTo(JSON.readTree("{\"batchId\":\"7\",\"merkleRoot\":\"" + "ab".repeat(32) + "\"}"));
        AssemblyReport anchoredAssembly =
                (AssemblyReport) assembly.withTelemetryAnchor(anchor).request();
        assertThat(anchoredAssembly.product().telemetryAnchor()).isEqualTo(anchor);
        assertThat(anchoredAssembly.partIds()).containsExactly("press-7-g0");
    }

    @Test
    void refusesMoreThan32MeasurementsAndMoreThan1000Parts() {
        String measurements =
                IntStream.range(0, 33).mapToObj(i -> "\"m" + i + "\":1").collect(Collectors.joining(","));
        assertThatThrownBy(() -> ProductionRequests.event(
                        1,
                        envelope(
                                MessageType.QUALITY_CHECK,
                                "{\"goodId\":\"g\",\"producedBy\":\"production-r-1\",\"checkType\":\"t\",\"result\":\"PASS\",\"measurements\":{"
                                        + measurements + "}}")))
                .hasMessageContaining("measurements has 33 entries; at most 32 are allowed");
        String parts = IntStream.range(0, 1001)
                .mapToObj(i -> "{\"goodId\":\"p" + i + "\",\"producedBy\":\"production-r-" + i + "\"}")
                .collect(Collectors.joining(","));
        assertThatThrownBy(() -> ProductionRequests.event(
                        1,
                        envelope(
                                MessageType.ASSEMBLED,
                                "{\"product\":{\"goodId\":\"x\",\"kind\":\"k\",\"firmwareVersion\":\"1\",\"energyWh\":1},\"parts\":["
                                        + parts + "]}")))
                .hasMessageContaining("lists 1001 parts; at most 1000 per transaction");
    }

    @Test
    void aTelemetryWindowIsNoProductionEvent() {
        assertThatThrownBy(() -> new ProductionEvent(
                        1,
                        "r",
                        1,
                        MessageType.TELEMETRY_WINDOW,
                        "production-r-1",
                        new QualityCheckReport("g", "production-r-0", "r", "t", "PASS", Map.of())))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not a production event");
    }
}
