package dev.robotledger.wire.message;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.robotledger.wire.message.WireFormatException.Reason;
import java.io.IOException;
import java.util.Iterator;
import java.util.Set;
import java.util.regex.Pattern;
import org.erdtman.jcs.JsonCanonicalizer;

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

    static final Pattern ID = Pattern.compile("[A-Za-z0-9._-]{1,64}");

    private Json() {
    }

    static ObjectNode object() {
        return MAPPER.createObjectNode();
    }

    static byte[] canonicalBytes(JsonNode node) {
        try {
            return new JsonCanonicalizer(MAPPER.writeValueAsString(node)).getEncodedUTF8();
        } catch (IOException e) {
            throw new IllegalStateException("a validated JSON tree failed to canonicalize", e);
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
        if (value == null || !ID.matcher(value).matches()) {
            Reason reason = "robotId".equals(what) ? Reason.BAD_ROBOT_ID : Reason.WRONG_TYPE;
            throw new WireFormatException(reason, robotId,
                    what + " must match [A-Za-z0-9._-]{1,64}, got " + abbreviate(value));
        }
        return value;
    }

    static long checkSafeNonNegative(String what, long value, String robotId) {
        if (value < 0 || value > MAX_SAFE_INTEGER) {
            throw new WireFormatException(Reason.OUT_OF_RANGE, robotId,
                    what + " must be between 0 and 2^53-1, got " + value);
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
                throw new WireFormatException(Reason.OUT_OF_RANGE, robotId,
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
                throw new WireFormatException(Reason.OUT_OF_RANGE, robotId, path + " is " + value
                        + ", which canonical JSON writes as an integer beyond 2^53-1");
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
                throw new WireFormatException(Reason.MALFORMED_JSON, robotId,
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
                throw new WireFormatException(Reason.UNKNOWN_FIELD, robotId,
                        where + " has unknown field '" + abbreviate(name) + "'");
            }
        }
    }

    static WireFormatException wrongType(String name, String expected, JsonNode actual, String robotId) {
        return new WireFormatException(Reason.WRONG_TYPE, robotId,
                "field '" + name + "' must be " + expected + ", got " + actual.getNodeType().name().toLowerCase());
    }

    static String abbreviate(String value) {
        if (value == null) {
            return "null";
        }
        return value.length() <= 80 ? "'" + value + "'" : "'" + value.substring(0, 80) + "...'";
    }
}
