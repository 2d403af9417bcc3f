package dev.robotledger.gateway.provenance;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;

/**
 * A search of goods in the read model: every filter optional, all of them must hold; newest
 * production first, a page at a time, each page continuing after the {@link Cursor} of the last.
 *
 * @param equal          filters on a field's exact value
 * @param producedFrom   produced at or after (inclusive)
 * @param producedBefore produced before (exclusive)
 */
public record GoodsQuery(
        Map<Field, String> equal,
        Optional<Instant> producedFrom,
        Optional<Instant> producedBefore,
        int limit,
        Optional<Cursor> after) {

    public static final int MAX_LIMIT = 200;

    /**
     * The fields a search can ask for an exact value of, by the query parameter that names them and
     * their path in the good's ledger JSON.
     */
    public enum Field {
        GTIN("gtin", "production", "gtin"),
        SERIAL("serial", "production", "serial"),
        LOT("lot", "production", "lot"),
        ROBOT("robot", "production", "robotId"),
        SITE("site", "production", "site"),
        LINE("line", "production", "line"),
        STATION("station", "production", "station"),
        KIND("kind", "production", "kind"),
        STATUS("status", "status"),
        CUSTODIAN("custodian", "custodianOrg");

        private final String parameter;
        private final String[] path;

        Field(String parameter, String... path) {
            this.parameter = parameter;
            this.path = path;
        }

        public String parameter() {
            return parameter;
        }

        /** The path as PostgreSQL's {@code #>>} operator takes it, e.g. {@code {production,robotId}}. */
        String jsonPath() {
            return "{" + String.join(",", path) + "}";
        }
    }

    /** Where a page ends: the production time and id of its last good. */
    public record Cursor(long producedAtEpochMillis, String goodId) {

        public Cursor {
            Fields.requireText("cursor's good id", goodId);
        }

        /** An opaque token for the next page's {@code after}. */
        public String token() {
            return Base64.getUrlEncoder()
                    .withoutPadding()
                    .encodeToString((producedAtEpochMillis + ":" + goodId).getBytes(StandardCharsets.UTF_8));
        }

        /** @throws IllegalArgumentException when the token is not one {@link #token()} made */
        public static Cursor parse(String token) {
            try {
                String decoded = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
                int colon = decoded.indexOf(':');
                return new Cursor(Long.parseLong(decoded.substring(0, colon)), decoded.substring(colon + 1));
            } catch (RuntimeException e) {
                throw new IllegalArgumentException(
                        "after must be the nextCursor of an earlier page, was '" + token + "'");
            }
        }
    }

    public GoodsQuery {
        equal = Collections.unmodifiableMap(equal.isEmpty() ? new EnumMap<>(Field.class) : new EnumMap<>(equal));
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new IllegalArgumentException("limit must be 1.." + MAX_LIMIT + ", was " + limit);
        }
        if (producedFrom.isPresent()
                && producedBefore.isPresent()
                && !producedFrom.get().isBefore(producedBefore.get())) {
            throw new IllegalArgumentException("producedFrom (" + producedFrom.get()
                    + ") must be before producedBefore (" + producedBefore.get() + ")");
        }
        String status = equal.get(Field.STATUS);
        if (status != null) {
            try {
                GoodStatus.valueOf(status);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("status must be one of "
                        + java.util.Arrays.toString(GoodStatus.values()) + ", was '" + status + "'");
            }
        }
        equal.forEach((field, value) -> {
            if (value.isBlank()) {
                throw new IllegalArgumentException(field.parameter() + " must not be blank");
            }
        });
    }
}
