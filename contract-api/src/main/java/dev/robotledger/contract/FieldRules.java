package dev.robotledger.contract;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The contract's rules for request fields, stated once: the chaincode refuses a request that
 * breaks one with {@link ErrorCode#INVALID_ARGUMENT}, and a client that checks before it sends
 * (the gateway's production events) refuses the same input in the same words. Each check answers
 * the problem, naming the field and the value, or empty.
 */
public final class FieldRules {

    public static final int MAX_ID_LENGTH = 128;
    public static final int MAX_TEXT_LENGTH = 256;
    /** Robot ids, firmware versions, check types. */
    public static final int MAX_NAME_LENGTH = 64;

    public static final int MAX_MAP_ENTRIES = 32;
    /** Bounds one transaction's write set; deeper trees are built level by level. */
    public static final int MAX_PARTS_PER_ASSEMBLY = 1_000;

    // GS1 SGTIN pure-identity URN: company prefix and item reference together have 13 digits.
    private static final Pattern SGTIN = Pattern.compile("urn:epc:id:sgtin:(\\d{6,12})\\.(\\d{1,7})\\.([!-~]{1,20})");
    private static final Pattern MAP_KEY = Pattern.compile("[A-Za-z0-9_.\\-]{1,64}");

    private FieldRules() {}

    /** An identifier: 1..maxLength visible ASCII characters (no spaces, no control characters). */
    public static Optional<String> idProblem(String field, String value, int maxLength) {
        if (value == null || value.isEmpty()) {
            return Optional.of(field + " is missing");
        }
        if (value.length() > maxLength) {
            return Optional.of(field + " '" + printable(value.substring(0, Math.min(32, maxLength)))
                    + "...' is longer than " + maxLength + " characters");
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c < 0x21 || c > 0x7E) {
                return Optional.of(field + " '" + printable(value) + "' contains character U+"
                        + String.format("%04X", (int) c) + "; only visible ASCII is allowed");
            }
        }
        return Optional.empty();
    }

    /** A good id: a plain serial, or a GS1 SGTIN URN such as urn:epc:id:sgtin:0614141.107346.2017. */
    public static Optional<String> goodIdProblem(String field, String value) {
        Optional<String> idProblem = idProblem(field, value, MAX_ID_LENGTH);
        if (idProblem.isPresent() || !value.startsWith("urn:")) {
            return idProblem;
        }
        Matcher sgtin = SGTIN.matcher(value);
        if (!sgtin.matches() || sgtin.group(1).length() + sgtin.group(2).length() != 13) {
            return Optional.of(field + " '" + value + "' is a URN but not an SGTIN"
                    + " (urn:epc:id:sgtin:CompanyPrefix.ItemRef.Serial, 13 digits before the serial)");
        }
        return Optional.empty();
    }

    /** Text that is present: at most maxLength characters, no control characters. */
    public static Optional<String> textProblem(String field, String value, int maxLength) {
        if (value.length() > maxLength) {
            return Optional.of(field + " is longer than " + maxLength + " characters");
        }
        if (value.chars().anyMatch(Character::isISOControl)) {
            return Optional.of(field + " '" + printable(value) + "' contains a control character");
        }
        return Optional.empty();
    }

    /** A map of named numbers (process parameters, measurements): at most {@link #MAX_MAP_ENTRIES}. */
    public static Optional<String> mapSizeProblem(String field, int entries) {
        return entries > MAX_MAP_ENTRIES
                ? Optional.of(field + " has " + entries + " entries; at most " + MAX_MAP_ENTRIES + " are allowed")
                : Optional.empty();
    }

    /** A name in such a map: 1-64 of A-Z a-z 0-9 _ . - */
    public static Optional<String> mapKeyProblem(String field, String name) {
        return name == null || !MAP_KEY.matcher(name).matches()
                ? Optional.of(field + " has an invalid name '" + printable(String.valueOf(name))
                        + "' (1-64 of A-Z a-z 0-9 _ . -)")
                : Optional.empty();
    }

    /** At most 64 code points of {@code value}, control characters written as {@code \\uXXXX}, for messages. */
    public static String printable(String value) {
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
