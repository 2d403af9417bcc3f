package dev.robotledger.chaincode.ledger;

import dev.robotledger.contract.ErrorCode;
import dev.robotledger.contract.FieldRules;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * Argument checks shared by every request: the contract API's {@link FieldRules}, refused as
 * {@link ErrorCode#INVALID_ARGUMENT}; each failure names the field and the value.
 */
public final class Fields {

    public static final int MAX_ID_LENGTH = FieldRules.MAX_ID_LENGTH;
    public static final int MAX_TEXT_LENGTH = FieldRules.MAX_TEXT_LENGTH;

    private static final Pattern SHA256_HEX = Pattern.compile("[0-9a-f]{64}");

    private Fields() {}

    /** An identifier: 1..maxLength visible ASCII characters (no spaces, no control characters). */
    public static String requireId(String field, String value, int maxLength) {
        refuseIf(FieldRules.idProblem(field, value, maxLength));
        return value;
    }

    /** A good id: a plain serial, or a GS1 SGTIN URN such as urn:epc:id:sgtin:0614141.107346.2017. */
    public static String requireGoodId(String field, String value) {
        refuseIf(FieldRules.goodIdProblem(field, value));
        return value;
    }

    /** A SHA-256 digest as 64 lowercase hex digits (Merkle roots). */
    public static String requireSha256Hex(String field, String value) {
        requirePresent(field, value);
        if (!SHA256_HEX.matcher(value).matches()) {
            throw Refusals.of(
                    ErrorCode.INVALID_ARGUMENT,
                    field + " '"
                            + FieldRules.printable(value.substring(0, Math.min(80, value.length())))
                            + "' is not 64 lowercase hex digits");
        }
        return value;
    }

    /** Free text: not blank, no control characters, bounded. */
    public static String requireText(String field, String value, int maxLength) {
        if (value == null || value.isBlank()) {
            throw Refusals.of(ErrorCode.INVALID_ARGUMENT, field + " is missing");
        }
        return optionalText(field, value, maxLength);
    }

    public static String optionalText(String field, String value, int maxLength) {
        if (value != null) {
            refuseIf(FieldRules.textProblem(field, value, maxLength));
        }
        return value;
    }

    public static <T> T requirePresent(String field, T value) {
        if (value == null) {
            throw Refusals.of(ErrorCode.INVALID_ARGUMENT, field + " is missing");
        }
        return value;
    }

    public static double requireNonNegative(String field, Double value) {
        requirePresent(field, value);
        if (!Double.isFinite(value) || value < 0) {
            throw Refusals.of(ErrorCode.INVALID_ARGUMENT, field + " must be a finite number >= 0, was " + value);
        }
        return value;
    }

    public static long requireEpochMillis(String field, Long value) {
        requirePresent(field, value);
        if (value < 0) {
            throw Refusals.of(ErrorCode.INVALID_ARGUMENT, field + " must be epoch milliseconds >= 0, was " + value);
        }
        return value;
    }

    /** A small map of named numbers (process parameters, measurements), copied into key order. */
    public static Map<String, Double> requireNumbers(String field, Map<String, Double> values) {
        if (values == null) {
            return Map.of();
        }
        refuseIf(FieldRules.mapSizeProblem(field, values.size()));
        TreeMap<String, Double> sorted = new TreeMap<>();
        values.forEach((name, number) -> {
            refuseIf(FieldRules.mapKeyProblem(field, name));
            if (number == null || !Double.isFinite(number)) {
                throw Refusals.of(
                        ErrorCode.INVALID_ARGUMENT, field + "." + name + " must be a finite number, was " + number);
            }
            sorted.put(name, number);
        });
        return Collections.unmodifiableSortedMap(sorted);
    }

    public static <T> List<T> copyOrEmpty(List<T> values) {
        return values == null ? List.of() : List.copyOf(values);
    }

    private static void refuseIf(Optional<String> problem) {
        if (problem.isPresent()) {
            throw Refusals.of(ErrorCode.INVALID_ARGUMENT, problem.get());
        }
    }
}
