package dev.robotledger.wire.message;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.erdtman.jcs.JsonCanonicalizer;

/**
 * Our canonical JSON writer against the RFC 8785 reference library it replaced on the hot path:
 * for any JSON text, both give the same bytes; and the in-place normalisation against parsing
 * the canonical text back. Regression inputs live in
 * {@code src/test/resources/dev/robotledger/wire/message/CanonicalJsonFuzzTestInputs/}.
 */
class CanonicalJsonFuzzTest {

    @FuzzTest
    void writesWhatTheReferenceLibraryWrites(byte[] text) throws IOException {
        JsonNode tree;
        try {
            tree = Json.parse(text);
            // Only values a message may carry: the checks refuse what RFC 8785 cannot keep exact.
            Json.checkValues("$", tree, null);
        } catch (WireFormatException notAMessageValue) {
            return;
        }
        if (!tree.isContainerNode()) {
            return; // the library takes objects and arrays only; messages are objects
        }
        byte[] reference = new JsonCanonicalizer(Json.MAPPER.writeValueAsString(tree)).getEncodedUTF8();
        assertThat(new String(Json.canonicalBytes(tree), StandardCharsets.UTF_8))
                .isEqualTo(new String(reference, StandardCharsets.UTF_8));
    }

    // Envelope keeps its payload in this form; building it in place must give the very tree
    // (node types and key order included) that parsing the canonical text gives.
    @FuzzTest
    void readsBackAsItsCanonicalTextParses(byte[] text) throws IOException {
        JsonNode tree;
        try {
            tree = Json.parse(text);
            Json.checkValues("$", tree, null);
        } catch (WireFormatException notAMessageValue) {
            return;
        }
        JsonNode reparsed = Json.parse(Json.canonicalBytes(tree));
        JsonNode inPlace = Json.asWireReadsBack(tree);
        assertThat(inPlace).isEqualTo(reparsed);
        assertThat(Json.MAPPER.writeValueAsString(inPlace)).isEqualTo(Json.MAPPER.writeValueAsString(reparsed));
    }
}
