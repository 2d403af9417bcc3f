package dev.robotledger.wire.certificate;

import com.fasterxml.jackson.databind.JsonNode;
import dev.robotledger.wire.merkle.Digest;
import dev.robotledger.wire.message.WireFormatException;
import dev.robotledger.wire.message.WireFormatException.Reason;
import java.util.Iterator;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/** Strict reading of certificate JSON: every refusal names the field by its path in the document. */
final class Fields {

    private static final Pattern HEX = Pattern.compile("[0-9a-f]{64}");
    private static final long MAX_SAFE_INTEGER = (1L << 53) - 1;

    private Fields() {}

    static JsonNode object(JsonNode node, String path) {
        if (node == null || !node.isObject()) {
            throw refusal(
                    node == null ? Reason.MISSING_FIELD : Reason.WRONG_TYPE,
                    path,
                    node == null ? "is missing" : "must be an object");
        }
        return node;
    }

    static JsonNode object(JsonNode node, String path, Set<String> allowed) {
        object(node, path);
        for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!allowed.contains(name)) {
                throw refusal(Reason.UNKNOWN_FIELD, path, "has unknown field '" + abbreviate(name) + "'");
            }
        }
        return node;
    }

    static JsonNode present(JsonNode parent, String name, String path) {
        JsonNode value = parent.get(name);
        if (value == null) {
            throw refusal(Reason.MISSING_FIELD, join(path, name), "is missing");
        }
        return value;
    }

    static JsonNode array(JsonNode parent, String name, String path) {
        JsonNode value = present(parent, name, path);
        if (!value.isArray()) {
            throw refusal(Reason.WRONG_TYPE, join(path, name), "must be an array");
        }
        return value;
    }

    static String text(JsonNode parent, String name, String path) {
        JsonNode value = present(parent, name, path);
        if (!value.isTextual()) {
            throw refusal(Reason.WRONG_TYPE, join(path, name), "must be a string");
        }
        return value.textValue();
    }

    static Optional<String> optionalText(JsonNode parent, String name, String path) {
        JsonNode value = parent.get(name);
        if (value == null || value.isNull()) {
            return Optional.empty();
        }
        return Optional.of(text(parent, name, path));
    }

    /** A non-negative integer that canonical JSON keeps exact. */
    static long count(JsonNode parent, String name, String path) {
        JsonNode value = present(parent, name, path);
        if (!value.isIntegralNumber() || !value.canConvertToLong()) {
            throw refusal(Reason.WRONG_TYPE, join(path, name), "must be an integer");
        }
        long number = value.longValue();
        if (number < 0 || number > MAX_SAFE_INTEGER) {
            throw refusal(Reason.OUT_OF_RANGE, join(path, name), "must be between 0 and 2^53-1, got " + number);
        }
        return number;
    }

    static Digest digest(JsonNode value, String path) {
        // Lower-case only, as written: one spelling per certificate.
        if (value == null
                || !value.isTextual()
                || !HEX.matcher(value.textValue()).matches()) {
            throw refusal(
                    value == null ? Reason.MISSING_FIELD : Reason.WRONG_TYPE,
                    path,
                    "must be 64 lower-case hex characters");
        }
        return Digest.fromHex(value.textValue());
    }

    static Optional<Digest> optionalDigest(JsonNode parent, String name, String path) {
        JsonNode value = present(parent, name, path);
        return value.isNull() ? Optional.empty() : Optional.of(digest(value, join(path, name)));
    }

    static WireFormatException refusal(Reason reason, String path, String what) {
        return new WireFormatException(
                reason, null, path.isEmpty() ? "certificate " + what : "certificate field '" + path + "' " + what);
    }

    static String join(String path, String name) {
        return path.isEmpty() ? name : path + "." + name;
    }

    static String abbreviate(String value) {
        return value.length() <= 80 ? value : value.substring(0, 80) + "...";
    }
}
