package dev.robotledger.wire.message;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * RFC 8785 canonical bytes and strict JSON parsing for the other wire formats (the provenance
 * certificate), the same code the envelope and the proofs use.
 */
public final class CanonicalJson {

    private CanonicalJson() {}

    /**
     * The RFC 8785 bytes of {@code node}, after refusing values canonicalization would alter
     * (integers beyond 2^53-1, non-finite numbers, unpaired surrogates): two different documents
     * must never share one digest. {@code path} names the node in the refusal.
     */
    public static byte[] bytes(String path, JsonNode node) {
        Json.checkValues(path, node, null);
        return Json.canonicalBytes(node);
    }

    /** Parses with duplicate keys, trailing data and invalid UTF-8 refused ({@code MALFORMED_JSON}). */
    public static JsonNode parse(byte[] json) {
        return Json.parse(json);
    }
}
