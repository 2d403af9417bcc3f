package dev.robotledger.wire.message;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.DoubleNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.LongNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.robotledger.wire.message.WireFormatException.Reason;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import org.erdtman.jcs.NumberToJSON;

/** JSON reading and writing shared by the message types: strict parsing, RFC 8785 canonical bytes. */
final class Json {

    static final ObjectMapper MAPPER = new ObjectMapper()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    // RFC 8785 writes numbers as IEEE 754 doubles: larger integers would be silently rounded,
    // letting two different payloads share one signature.
    static final long MAX_SAFE_INTEGER = (1L << 53) - 1;

    // From 1e21 on, RFC 8785 (ECMAScript) writes numbers in exponent form, which parse as floats again.
    private static final double LARGEST_PLAIN_DIGITS = 1e21;

    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private Json() {}

    static ObjectNode object() {
        return MAPPER.createObjectNode();
    }

    /**
     * RFC 8785 canonical JSON of a tree, written straight from the tree: printing it and having
     * the JCS library parse the text again cost several times more for a 100-reading window.
     * CanonicalJsonFuzzTest holds it equal to the library's output.
     */
    static byte[] canonicalBytes(JsonNode node) {
        StringBuilder out = new StringBuilder(256);
        writeCanonical(node, out);
        return out.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static void writeCanonical(JsonNode node, StringBuilder out) {
        switch (node.getNodeType()) {
            case OBJECT -> {
                List<String> names = new ArrayList<>(node.size());
                node.fieldNames().forEachRemaining(names::add);
                // String order is UTF-16 code unit order, the order RFC 8785 sorts keys in.
                Collections.sort(names);
                out.append('{');
                for (int i = 0; i < names.size(); i++) {
                    if (i > 0) {
                        out.append(',');
                    }
                    writeCanonicalString(names.get(i), out);
                    out.append(':');
                    writeCanonical(node.get(names.get(i)), out);
                }
                out.append('}');
            }
            case ARRAY -> {
                out.append('[');
                for (int i = 0; i < node.size(); i++) {
                    if (i > 0) {
                        out.append(',');
                    }
                    writeCanonical(node.get(i), out);
                }
                out.append(']');
            }
            case STRING -> writeCanonicalString(node.textValue(), out);
            // Integers within 2^53 (all checkValues lets through) print as their plain digits in
            // RFC 8785 too, without the cost of the general double formatting.
            case NUMBER -> {
                if (node.isIntegralNumber()
                        && node.canConvertToLong()
                        && Math.abs(node.longValue()) <= MAX_SAFE_INTEGER) {
                    out.append(node.longValue());
                } else {
                    out.append(canonicalNumber(node.doubleValue()));
                }
            }
            case BOOLEAN -> out.append(node.booleanValue());
            case NULL -> out.append("null");
            default -> throw new IllegalArgumentException("not JSON data: a " + node.getNodeType() + " node");
        }
    }

    // RFC 8785 section 3.2.2.2: the two-character escapes where JSON has them, a six-character
    // escape in lowercase hex for the other control characters, every other character as itself.
    private static void writeCanonicalString(String value, StringBuilder out) {
        out.append('"');
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\b' -> out.append("\\b");
                case '\f' -> out.append("\\f");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20) {
                        out.append("\\u00").append(HEX[c >> 4]).append(HEX[c & 0xf]);
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }

    /**
     * The tree {@code parse(canonicalBytes(node))} returns, built without printing and parsing:
     * keys sorted, every number as Jackson reads its canonical text back (integral values as int or
     * long nodes, the rest as doubles). Only for trees {@link #checkValues} accepted.
     * CanonicalJsonFuzzTest holds the two equal.
     */
    static JsonNode asWireReadsBack(JsonNode node) {
        switch (node.getNodeType()) {
            case OBJECT -> {
                List<String> names = new ArrayList<>(node.size());
                node.fieldNames().forEachRemaining(names::add);
                Collections.sort(names);
                ObjectNode copy = MAPPER.createObjectNode();
                for (String name : names) {
                    copy.set(name, asWireReadsBack(node.get(name)));
                }
                return copy;
            }
            case ARRAY -> {
                ArrayNode copy = MAPPER.createArrayNode();
                for (JsonNode item : node) {
                    copy.add(asWireReadsBack(item));
                }
                return copy;
            }
            case NUMBER -> {
                if (node.isIntegralNumber()) {
                    return integerNode(node.longValue());
                }
                double value = node.doubleValue();
                // Canonical JSON writes integral doubles below 1e21 as plain digits, which read back
                // as integers (-0.0 as 0); checkValues has refused those beyond 2^53-1.
                if (value == Math.rint(value) && Math.abs(value) < LARGEST_PLAIN_DIGITS) {
                    return integerNode((long) value);
                }
                return DoubleNode.valueOf(value);
            }
            case STRING, BOOLEAN, NULL -> {
                return node;
            }
            default -> throw new IllegalArgumentException("not JSON data: a " + node.getNodeType() + " node");
        }
    }

    // As Jackson's tree reader types integer tokens: int when it fits, else long.
    private static JsonNode integerNode(long value) {
        return value == (int) value ? IntNode.valueOf((int) value) : LongNode.valueOf(value);
    }

    /** A finite double as RFC 8785 (ECMAScript Number.prototype.toString) writes it. */
    static String canonicalNumber(double value) {
        try {
            return NumberToJSON.serializeNumber(value);
        } catch (IOException e) {
            throw new IllegalArgumentException("not a JSON number: " + value, e);
        }
    }

    static JsonNode parse(byte[] bytes) {
        try {
            JsonNode node = MAPPER.readTree(bytes);
            if (node == null || node.isMissingNode()) {
                throw new WireFormatException(Reason.MALFORMED_JSON, null, "empty input");
            }
            return node;
        } catch (JsonProcessingException e) {
            throw new WireFormatException(Reason.MALFORMED_JSON, null, e.getOriginalMessage());
        } catch (IOException e) {
            // A byte array has no I/O failures: this is undecodable text such as invalid UTF-8.
            throw new WireFormatException(Reason.MALFORMED_JSON, null, e.getMessage());
        }
    }

    static String checkId(String what, String value, String robotId) {
        if (value == null || !isId(value)) {
            Reason reason = "robotId".equals(what) ? Reason.BAD_ROBOT_ID : Reason.WRONG_TYPE;
            throw new WireFormatException(
                    reason, robotId, what + " must match [A-Za-z0-9._-]{1,64}, got " + abbreviate(value));
        }
        return value;
    }

    // [A-Za-z0-9._-]{1,64}, checked by hand: every reading's sensor names and robot id pass here,
    // and the regex matcher was a tenth of the gateway's parsing time.
    private static boolean isId(String value) {
        int length = value.length();
        if (length < 1 || length > 64) {
            return false;
        }
        for (int i = 0; i < length; i++) {
            char c = value.charAt(i);
            boolean allowed = c >= 'a' && c <= 'z'
                    || c >= 'A' && c <= 'Z'
                    || c >= '0' && c <= '9'
                    || c == '.'
                    || c == '_'
                    || c == '-';
            if (!allowed) {
                return false;
            }
        }
        return true;
    }

    static long checkSafeNonNegative(String what, long value, String robotId) {
        if (value < 0 || value > MAX_SAFE_INTEGER) {
            throw new WireFormatException(
                    Reason.OUT_OF_RANGE, robotId, what + " must be between 0 and 2^53-1, got " + value);
        }
        return value;
    }

    /**
     * Rejects values that canonicalization would change, letting two different payloads share one
     * signature: integers beyond 2^53-1, non-finite numbers, floats that canonical JSON writes as
     * such integers, and strings or keys with unpaired UTF-16 surrogates (which encode to the same
     * "?" byte).
     */
    static void checkValues(String path, JsonNode node, String robotId) {
        if (node.isTextual()) {
            checkUnicode(path, node.textValue(), robotId);
        } else if (node.isIntegralNumber()) {
            if (!node.canConvertToLong() || Math.abs(node.longValue()) > MAX_SAFE_INTEGER) {
                throw new WireFormatException(
                        Reason.OUT_OF_RANGE,
                        robotId,
                        path + " is an integer beyond 2^53-1, which JSON canonicalization cannot keep exact");
            }
        } else if (node.isNumber()) {
            double value = node.doubleValue();
            if (!Double.isFinite(value)) {
                throw new WireFormatException(Reason.OUT_OF_RANGE, robotId, path + " is not a finite number");
            }
            // RFC 8785 writes such a number as plain integer digits, which the receiver must then
            // refuse as an integer beyond 2^53-1: the sender's own bytes would not parse.
            if (Math.abs(value) > MAX_SAFE_INTEGER && Math.abs(value) < LARGEST_PLAIN_DIGITS) {
                throw new WireFormatException(
                        Reason.OUT_OF_RANGE,
                        robotId,
                        path + " is " + value + ", which canonical JSON writes as an integer beyond 2^53-1");
            }
        } else if (node.isContainerNode()) {
            if (node.isObject()) {
                for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
                    String name = names.next();
                    checkUnicode(path + " key", name, robotId);
                    checkValues(path + "." + name, node.get(name), robotId);
                }
            } else {
                for (int i = 0; i < node.size(); i++) {
                    checkValues(path + "[" + i + "]", node.get(i), robotId);
                }
            }
        }
    }

    private static void checkUnicode(String path, String text, String robotId) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                throw new WireFormatException(
                        Reason.MALFORMED_JSON,
                        robotId,
                        path + " holds an unpaired UTF-16 surrogate at position " + i + ", which is not Unicode text");
            }
        }
    }

    static JsonNode field(JsonNode object, String name, String robotId) {
        JsonNode value = object.get(name);
        if (value == null || value.isNull()) {
            throw new WireFormatException(Reason.MISSING_FIELD, robotId, "field '" + name + "' is missing");
        }
        return value;
    }

    static long longField(JsonNode object, String name, String robotId) {
        JsonNode value = field(object, name, robotId);
        if (!value.isIntegralNumber() || !value.canConvertToLong()) {
            throw wrongType(name, "an integer", value, robotId);
        }
        return value.longValue();
    }

    static double doubleField(JsonNode object, String name, String robotId) {
        JsonNode value = field(object, name, robotId);
        if (!value.isNumber() || !Double.isFinite(value.doubleValue())) {
            throw wrongType(name, "a finite number", value, robotId);
        }
        return value.doubleValue();
    }

    static String textField(JsonNode object, String name, String robotId) {
        JsonNode value = field(object, name, robotId);
        if (!value.isTextual()) {
            throw wrongType(name, "a string", value, robotId);
        }
        return value.textValue();
    }

    static JsonNode objectField(JsonNode object, String name, String robotId) {
        JsonNode value = field(object, name, robotId);
        if (!value.isObject()) {
            throw wrongType(name, "an object", value, robotId);
        }
        return value;
    }

    static JsonNode arrayField(JsonNode object, String name, String robotId) {
        JsonNode value = field(object, name, robotId);
        if (!value.isArray()) {
            throw wrongType(name, "an array", value, robotId);
        }
        return value;
    }

    static void onlyFields(JsonNode object, Set<String> allowed, String where, String robotId) {
        for (Iterator<String> names = object.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!allowed.contains(name)) {
                throw new WireFormatException(
                        Reason.UNKNOWN_FIELD, robotId, where + " has unknown field '" + abbreviate(name) + "'");
            }
        }
    }

    static WireFormatException wrongType(String name, String expected, JsonNode actual, String robotId) {
        return new WireFormatException(
                Reason.WRONG_TYPE,
                robotId,
                "field '" + name + "' must be " + expected + ", got "
                        + actual.getNodeType().name().toLowerCase());
    }

    static String abbreviate(String value) {
        if (value == null) {
            return "null";
        }
        return value.length() <= 80 ? "'" + value + "'" : "'" + value.substring(0, 80) + "...'";
    }
}
