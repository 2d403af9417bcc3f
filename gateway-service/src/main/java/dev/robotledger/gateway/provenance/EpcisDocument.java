package dev.robotledger.gateway.provenance;

import dev.robotledger.gateway.json.Json;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * An EPCIS 2.0 JSON-LD {@code EPCISDocument} in its RFC 8785 canonical form (sorted keys, no
 * whitespace), so the same provenance always gives the same bytes and can be signed as they are.
 */
public record EpcisDocument(String goodId, int eventCount, String canonicalJson) {

    public EpcisDocument {
        Fields.requireText("goodId", goodId);
        Fields.requireText("canonicalJson", canonicalJson);
    }

    /** A fresh, mutable tree of the document. */
    public JsonNode toJsonNode() {
        try {
            return Json.MAPPER.readTree(canonicalJson);
        } catch (JacksonException e) {
            throw new IllegalStateException("the canonical EPCIS document of " + goodId + " does not parse", e);
        }
    }
}
