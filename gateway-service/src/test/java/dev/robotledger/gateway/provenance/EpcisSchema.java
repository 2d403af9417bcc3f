package dev.robotledger.gateway.provenance;

import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import dev.robotledger.gateway.json.Json;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * GS1's EPCIS 2.0 JSON schema (draft-07, copied under src/test/resources/epcis), formats asserted. The
 * validator reads Jackson 2 trees; the tests hand it and get from here the gateway's Jackson 3 ones.
 */
final class EpcisSchema {

    private static final JsonSchema SCHEMA = load();

    private EpcisSchema() {}

    /** The schema's complaints about {@code document}, each with its JSON path; empty when it validates. */
    static List<String> violations(tools.jackson.databind.JsonNode document) {
        return SCHEMA.validate(Json.toWire(document)).stream()
                .map(ValidationMessage::getMessage)
                .sorted()
                .toList();
    }

    static tools.jackson.databind.JsonNode resource(String path) {
        return Json.MAPPER.readTree(text(path));
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
                .getSchema(Json.toWire(resource("/epcis/EPCIS-JSON-Schema.json")), config);
    }
}
