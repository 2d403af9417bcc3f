package dev.robotledger.gateway.provenance;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;

/** GS1's EPCIS 2.0 JSON schema (draft-07, copied under src/test/resources/epcis), formats asserted. */
final class EpcisSchema {

    static final ObjectMapper MAPPER = new ObjectMapper();
    private static final JsonSchema SCHEMA = load();

    private EpcisSchema() {}

    /** The schema's complaints about {@code document}, each with its JSON path; empty when it validates. */
    static List<String> violations(JsonNode document) {
        return SCHEMA.validate(document).stream()
                .map(ValidationMessage::getMessage)
                .sorted()
                .toList();
    }

    static JsonNode resource(String path) {
        try (InputStream in = EpcisSchema.class.getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalStateException("missing test resource " + path);
            }
            return MAPPER.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(path, e);
        }
    }

    static String text(String path) {
        try (InputStream in = EpcisSchema.class.getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalStateException("missing test resource " + path);
            }
            return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(path, e);
        }
    }

    private static JsonSchema load() {
        SchemaValidatorsConfig config =
                SchemaValidatorsConfig.builder().formatAssertionsEnabled(true).build();
        return JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V7)
                .getSchema(resource("/epcis/EPCIS-JSON-Schema.json"), config);
    }
}
