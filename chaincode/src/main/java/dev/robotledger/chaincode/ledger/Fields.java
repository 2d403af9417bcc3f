package dev.robotledger.chaincode.ledger;

import dev.robotledger.contract.ErrorCode;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Argument checks shared by every request; each failure names the field and the value. */
public final class Fields {

    public static final int MAX_ID_LENGTH = 128;
    public static final int MAX_TEXT_LENGTH = 256;
    public static final int MAX_MAP_ENTRIES = 32;

    // GS1 SGTIN pure-identity URN: company prefix and item reference together have 13 digits.
    private static final Pattern SGTIN = Pattern.compile("urn:epc:id:sgtin:(\\d{6,12})\\.(\\d{1,7})\\.([!-~]{1,20})");
    private static final Pattern SHA256_HEX = Pattern.compile("[0-9a-f]{64}");
    private static final Pattern MAP_KEY = Pattern.compile("[A-Za-z0-9_.\\-]{1,64}");

    private Fields() {
    }

    /** An identifier: 1..maxLength visible ASCII characters (no spaces, no control characters). */
    public static String requireId(String field, String value, int maxLength) {
        if (value == null || value.isEmpty()) {
            throw Refusals.of(ErrorCode.INVALID_ARGUMENT, field + " is missing");
        }
        if (value.length() > maxLength) {
            throw Refusals.of(ErrorCode.INVALID_ARGUMENT, field + " '" + printable(value.substring(0, Math.min(32, maxLength))) + "...' is longer than "
                    + maxLength + " characters");
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c < 0x21 || c > 0x7E) {
                throw Refusals.of(ErrorCode.INVALID_ARGUMENT, field + " '" + printable(value) + "' contains character U+"
                        + String.format("%04X", (int) c) + "; only visible ASCII is allowed");
            }
        }
        return value;
    }

    /** A good id: a plain serial, or a GS1 SGTIN URN such as urn:epc:id:sgtin:0614141.107346.2017. */
    public static String requireGoodId(String field, String value) {
        requireId(field, value, MAX_ID_LENGTH);
        if (value.startsWith("urn:")) {
            Matcher sgtin = SGTIN.matcher(value);
            if (!sgtin.matches() || sgtin.group(1).length() + sgtin.group(2).length() != 13) {
                throw Refusals.of(ErrorCode.INVALID_ARGUMENT, field + " '" + value
                        + "' is a URN but not an SGTIN (urn:epc:id:sgtin:CompanyPrefix.ItemRef.Serial, 13 digits before the serial)");
            }
        }
        return value;
    }

    /** A SHA-256 digest as 64 lowercase hex digits (Merkle roots). */
    public static String requireSha256Hex(String field, String value) {
        requirePresent(field, value);
        if (!SHA256_HEX.matcher(value).matches()) {
            throw Refusals.of(ErrorCode.INVALID_ARGUMENT, field + " '" + printable(value.substring(0, Math.min(80, value.length())))
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
        if (value == null) {
            return null;
        }
        if (value.length() > maxLength) {
            throw Refusals.of(ErrorCode.INVALID_ARGUMENT, field + " is longer than " + maxLength + " characters");
        }
        if (value.chars().anyMatch(Character::isISOControl)) {
            throw Refusals.of(ErrorCode.INVALID_ARGUMENT, field + " '" + printable(value) + "' contains a control character");
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
        if (values.size() > MAX_MAP_ENTRIES) {
            throw Refusals.of(ErrorCode.INVALID_ARGUMENT, field + " has " + values.size() + " entries; at most "
                    + MAX_MAP_ENTRIES + " are allowed");
        }
        TreeMap<String, Double> sorted = new TreeMap<>();
        values.forEach((name, number) -> {
            if (name == null || !MAP_KEY.matcher(name).matches()) {
                throw Refusals.of(ErrorCode.INVALID_ARGUMENT, field + " has an invalid name '" + printable(String.valueOf(name))
                        + "' (1-64 of A-Z a-z 0-9 _ . -)");
            }
            if (number == null || !Double.isFinite(number)) {
                throw Refusals.of(ErrorCode.INVALID_ARGUMENT, field + "." + name + " must be a finite number, was " + number);
            }
            sorted.put(name, number);
        });
        return Collections.unmodifiableSortedMap(sorted);
    }

    public static <T> List<T> copyOrEmpty(List<T> values) {
        return values == null ? List.of() : List.copyOf(values);
    }

    private static String printable(String value) {
        StringBuilder out = new StringBuilder();
        value.codePoints().limit(64).forEach(cp -> {
            if (cp < 0x20 || cp == 0x7F) {
                out.append(String.format("\\u%04X", cp));
            } else {
                out.appendCodePoint(cp);
            }
        });
        return out.toString();
    }
}
