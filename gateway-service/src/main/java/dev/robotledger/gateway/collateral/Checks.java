package dev.robotledger.gateway.collateral;

import java.util.regex.Pattern;

/**
 * The contract's argument rules the gateway applies before it sends anything, so that a bad
 * request is a {@code 400} naming the field rather than a refused endorsement. Each failure is an
 * {@link IllegalArgumentException} whose message names the field and value.
 */
final class Checks {

    static final long MAX_SATS = 2_100_000_000_000_000L;
    static final long MAX_MINOR_UNITS = 1_000_000_000_000_000L;
    private static final Pattern VISIBLE_ASCII = Pattern.compile("[\\x21-\\x7e]+");
    private static final Pattern HEX_64 = Pattern.compile("[0-9a-f]{64}");
    private static final Pattern CURRENCY = Pattern.compile("[A-Z]{3}");

    private Checks() {}

    /** An id as the contract takes it: 1 to {@code maxLength} visible ASCII characters. */
    static String id(String field, String value, int maxLength) {
        if (value == null || value.isEmpty()) {
            throw new IllegalArgumentException(field + " is missing");
        }
        if (value.length() > maxLength || !VISIBLE_ASCII.matcher(value).matches()) {
            throw new IllegalArgumentException(
                    field + " '" + value + "' must be 1 to " + maxLength + " visible ASCII characters (no spaces)");
        }
        return value;
    }

    static String id(String field, String value) {
        return id(field, value, 128);
    }

    static String text(String field, String value) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(field + " is missing");
        }
        if (value.length() > 1024 || value.chars().anyMatch(Character::isISOControl)) {
            throw new IllegalArgumentException(field + " must be at most 1024 characters without control characters");
        }
        return value;
    }

    static String hex64(String field, String value) {
        if (value == null || !HEX_64.matcher(value).matches()) {
            throw new IllegalArgumentException(
                    field + " must be 64 lowercase hex digits (32 bytes), was '" + value + "'");
        }
        return value;
    }

    static String currency(String field, String value) {
        if (value == null || !CURRENCY.matcher(value).matches()) {
            throw new IllegalArgumentException(
                    field + " must be a currency code of three upper-case letters, e.g." + " USD, was '" + value + "'");
        }
        return value;
    }

    static long range(String field, Long value, long min, long max) {
        if (value == null) {
            throw new IllegalArgumentException(field + " is missing");
        }
        if (value < min || value > max) {
            throw new IllegalArgumentException(field + " " + value + " must be in [" + min + ", " + max + "]");
        }
        return value;
    }
}
