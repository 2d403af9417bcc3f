package dev.robotledger.gateway.web;

/** The fields a client names an action by (an event id, an organisation): present, short, printable. */
public final class ActionIds {

    static final int MAX_LENGTH = 128;

    private ActionIds() {}

    /** @throws IllegalArgumentException naming the field when the value is missing, blank, too long or not printable ASCII */
    public static String require(String field, String value) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(field + " is required");
        }
        if (value.length() > MAX_LENGTH || !value.chars().allMatch(c -> c > ' ' && c < 127)) {
            throw new IllegalArgumentException(field + " must be 1.." + MAX_LENGTH
                    + " printable ASCII characters without spaces, was '" + value + "'");
        }
        return value;
    }
}
