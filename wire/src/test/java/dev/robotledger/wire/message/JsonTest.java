package dev.robotledger.wire.message;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class JsonTest {

    @ParameterizedTest
    @ValueSource(
            strings = {
                "1.0",
                "-0.0",
                "0",
                "2.5e1",
                "2147483647",
                "2147483648",
                "-2147483649",
                "9007199254740991",
                "1e21",
                "-1.5e300",
                "5e-324",
                "0.1",
                "1e-7",
                "123456789.125",
                "\"a\\u0001\\\"\"",
                "true",
                "null",
                "[1.0, [2.50, {\"b\": 3e0}]]",
                "{\"z\": 1, \"a\": {\"y\": 2.0, \"b\": []}, \"é\": \"\\ud83d\\ude00\"}"
            })
    void buildsInPlaceTheTreeItsCanonicalTextParsesTo(String text) {
        JsonNode tree = Json.parse(text.getBytes(StandardCharsets.UTF_8));
        Json.checkValues("$", tree, null);

        JsonNode reparsed = Json.parse(Json.canonicalBytes(tree));
        JsonNode inPlace = Json.asWireReadsBack(tree);

        assertThat(inPlace).isEqualTo(reparsed);
        assertThat(inPlace.toString()).isEqualTo(reparsed.toString());
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "r-1",
                "A.Z_a-z09",
                "é",
                "r 1",
                "r/1",
                "r\u0000",
                "ｒ",
                "",
                "r+1",
                "[",
                "`",
                "{",
                "@",
                ":",
                "/",
                "\u00b2"
            })
    void acceptsExactlyTheIdsThePatternDescribes(String id) {
        boolean matches = Pattern.matches("[A-Za-z0-9._-]{1,64}", id);

        assertThat(accepted(id)).isEqualTo(matches);
        assertThat(accepted(id.repeat(64))).isEqualTo(Pattern.matches("[A-Za-z0-9._-]{1,64}", id.repeat(64)));
        assertThat(accepted(id.repeat(65))).isFalse();
    }

    private static boolean accepted(String id) {
        try {
            Json.checkId("sensor name", id, null);
            return true;
        } catch (WireFormatException refused) {
            return false;
        }
    }

    @ParameterizedTest
    @ValueSource(doubles = {1.0, -0.0, 0.5, 3.0e15, 1e21, 0.1f})
    void normalisesNumbersWrittenByCodeAsTheWireWouldCarryThem(double value) {
        ObjectNode tree = Json.object();
        tree.put("d", value);
        tree.put("f", (float) value);

        assertThat(Json.asWireReadsBack(tree)).isEqualTo(Json.parse(Json.canonicalBytes(tree)));
    }
}
