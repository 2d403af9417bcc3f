package dev.robotledger.contract;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class FieldRulesTest {

    @Test
    void acceptsAPlainSerialAndAnSgtinWithThirteenDigitsBeforeTheSerial() {
        assertThat(FieldRules.goodIdProblem("goodId", "press-7-g0")).isEmpty();
        assertThat(FieldRules.goodIdProblem("goodId", "urn:epc:id:sgtin:0614141.107346.2017"))
                .isEmpty();
    }

    @Test
    void refusesAUrnThatIsNotAnSgtinNamingTheFieldAndValue() {
        assertThat(FieldRules.goodIdProblem("partIds[]", "urn:epc:id:sgtin:061414.107346.2017"))
                .hasValueSatisfying(problem -> assertThat(problem)
                        .startsWith("partIds[] 'urn:epc:id:sgtin:061414.107346.2017' is a URN but not an SGTIN"));
    }

    @Test
    void refusesAnIdWithASpaceAndShowsControlCharactersEscaped() {
        assertThat(FieldRules.idProblem("robotId", "press 7", 64))
                .hasValue("robotId 'press 7' contains character U+0020; only visible ASCII is allowed");
        assertThat(FieldRules.textProblem("kind", "bracket\n", 256))
                .hasValue("kind 'bracket\\u000A' contains a control character");
    }

    @Test
    void boundsNamedNumbersByCountAndName() {
        assertThat(FieldRules.mapSizeProblem("measurements", FieldRules.MAX_MAP_ENTRIES))
                .isEmpty();
        assertThat(FieldRules.mapSizeProblem("measurements", FieldRules.MAX_MAP_ENTRIES + 1))
                .hasValue("measurements has 33 entries; at most 32 are allowed");
        assertThat(FieldRules.mapKeyProblem("measurements", "length.mm")).isEmpty();
        assertThat(FieldRules.mapKeyProblem("measurements", "length mm")).isPresent();
        assertThat(FieldRules.mapKeyProblem("measurements", null)).isPresent();
    }
}
