package dev.robotledger.gateway.json;

import tools.jackson.core.StreamReadFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The gateway's JSON settings, stated once. Spring's web layer reads and writes with Boot's
 * auto-configured mapper, to which {@link JsonConfiguration} applies {@link #configure}; code that
 * runs outside a bean (records, ledger adapters' static readers) uses {@link #MAPPER}, built with the
 * same settings. The wire module (envelopes, certificates, proofs) keeps its own Jackson 2 mapper:
 * {@link #toWire} and {@link #fromWire} cross that line.
 */
public final class Json {

    /** The mapper for code that has no Spring context at hand; thread-safe, like every JsonMapper. */
    public static final JsonMapper MAPPER = configure(JsonMapper.builder()).build();

    private static final com.fasterxml.jackson.databind.ObjectMapper WIRE =
            new com.fasterxml.jackson.databind.ObjectMapper();

    private Json() {}

    /** The settings every gateway mapper has, Boot's included. */
    public static <M extends JsonMapper.Builder> M configure(M builder) {
        // A document with a key twice is refused, not read as whichever value the parser keeps.
        builder.enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION);
        return builder;
    }

    /** The same document as the wire module's (Jackson 2) tree. */
    public static com.fasterxml.jackson.databind.JsonNode toWire(JsonNode node) {
        try {
            return WIRE.readTree(MAPPER.writeValueAsBytes(node));
        } catch (java.io.IOException e) {
            throw new IllegalStateException("a JSON tree the gateway wrote could not be read back", e);
        }
    }

    /** The same document as the gateway's tree, from the wire module's (Jackson 2) tree. */
    public static JsonNode fromWire(com.fasterxml.jackson.databind.JsonNode node) {
        try {
            return MAPPER.readTree(WIRE.writeValueAsBytes(node));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("a wire JSON tree could not be written", e);
        }
    }
}
