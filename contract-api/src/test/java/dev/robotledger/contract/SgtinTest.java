package dev.robotledger.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SgtinTest {

    @Test
    void computesGs1sCheckDigitsOfPublishedExamples() {
        // GS1 Digital Link and Tag Data Standard examples.
        assertThat(Sgtin.checkDigit("0950600013435")).isEqualTo(2);
        assertThat(Sgtin.checkDigit("8061414112345")).isEqualTo(8);
        assertThat(Sgtin.gtin("0614141", "812345")).isEqualTo("80614141123458");
        assertThat(Sgtin.gtinProblem("gtin", "09506000134352")).isEmpty();
    }

    @Test
    void writesTheEpcUriAndTheDigitalLinkPathOfTheTagDataStandardsExample() {
        Sgtin item = Sgtin.of("80614141123458", "6789", 7);

        assertThat(item.epcUri()).isEqualTo("urn:epc:id:sgtin:0614141.812345.6789");
        assertThat(item.digitalLinkPath()).isEqualTo("/01/80614141123458/21/6789");
        assertThat(Sgtin.fromEpcUri(item.epcUri())).contains(item);
    }

    @Test
    void escapesSerialCharactersThatUrisReserve() {
        Sgtin item = Sgtin.of("09506000134352", "A/B%1&?", 7);

        assertThat(item.epcUri()).isEqualTo("urn:epc:id:sgtin:9506000.013435.A%2FB%251%26%3F");
        assertThat(item.digitalLinkPath()).isEqualTo("/01/09506000134352/21/A%2FB%251%26%3F");
        assertThat(Sgtin.fromEpcUri(item.epcUri())).contains(item);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            09506000134353 | has check digit 3; GS1's mod-10 check digit of 0950600013435 is 2
            9506000134352  | is not a GTIN-14
            0950600013435x | is not a GTIN-14
            """)
    void refusesAGtinWithTheWrongLengthDigitsOrCheckDigit(String gtin, String problem) {
        assertThat(Sgtin.gtinProblem("gtin", gtin))
                .hasValueSatisfying(text -> assertThat(text).contains(problem));
    }

    @Test
    void refusesSerialsOutsideCharacterSet82OrLongerThan20() {
        assertThat(Sgtin.aiTextProblem("serial", "robot-001.17")).isEmpty();
        assertThat(Sgtin.aiTextProblem("serial", "a".repeat(21)))
                .hasValueSatisfying(text -> assertThat(text).contains("longer than 20"));
        assertThat(Sgtin.aiTextProblem("serial", "a b"))
                .hasValueSatisfying(text -> assertThat(text).contains("character set 82"));
        assertThat(Sgtin.aiTextProblem("serial", "a#b")).isPresent();
        assertThat(Sgtin.aiTextProblem("serial", "")).hasValue("serial is missing");
        assertThatThrownBy(() -> Sgtin.of("09506000134352", "x", 5)).hasMessageContaining("6 to 12 digits");
    }

    @Test
    void readsOnlyCanonicalSgtinUris() {
        assertThat(Sgtin.fromEpcUri("urn:epc:id:sgtin:9506000.013435.7")).isPresent();
        assertThat(Sgtin.fromEpcUri("urn:epc:id:sgtin:9506000.13435.7"))
                .as("12 digits")
                .isEmpty();
        assertThat(Sgtin.fromEpcUri("urn:epc:id:sgtin:9506000.013435.a%2fb"))
                .as("lowercase escape")
                .isEmpty();
        assertThat(Sgtin.fromEpcUri("urn:epc:id:sgtin:9506000.013435.a/b"))
                .as("unescaped /")
                .isEmpty();
        assertThat(Sgtin.fromEpcUri("urn:epc:id:sgtin:9506000.013435.%2")).isEmpty();
    }
}
