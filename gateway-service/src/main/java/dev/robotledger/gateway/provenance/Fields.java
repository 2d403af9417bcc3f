package dev.robotledger.gateway.provenance;

/** Constructor checks shared by the provenance records; each message names the field. */
final class Fields {

    private Fields() {}

    static String requireText(String field, String value) {
        if (value == null || value.isBlank()) {
            throw new ProvenanceFormatException(field + " is missing");
        }
        return value;
    }

    static <T> T requirePresent(String field, T value) {
        if (value == null) {
            throw new ProvenanceFormatException(field + " is missing");
        }
        return value;
    }

    static long requireEpochMillis(String field, long value) {
        // Jackson leaves an absent long at 0, which no ledger timestamp can be.
        if (value <= 0) {
            throw new ProvenanceFormatException(field + " is missing or not a positive epoch millisecond");
        }
        return value;
    }
}
