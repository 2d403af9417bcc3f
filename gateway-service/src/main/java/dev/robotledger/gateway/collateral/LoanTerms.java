package dev.robotledger.gateway.collateral;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.MapperFeature;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * The private terms of a loan, exactly the contract's {@code LoanTerms}: annual interest in basis
 * points, the instalments in satoshis, and named borrower details. They travel only as transient
 * data ({@code loanTerms}) and live only in the borrower-lender pair's private data collection;
 * the offer and the lien keep their SHA-256 ({@link #sha256Hex()}).
 */
public record LoanTerms(Integer interestBps, List<Instalment> schedule, Map<String, String> borrowerDetails) {

    // The contract's own JSON form: sorted properties and map keys, no nulls. Its SHA-256 is
    // what an offer and a lien keep, so the gateway must write the same bytes.
    private static final ObjectMapper CANONICAL = JsonMapper.builder()
            .enable(MapperFeature.SORT_PROPERTIES_ALPHABETICALLY)
            // Jackson 3 otherwise keeps a record's components first, in declaration order.
            .disable(MapperFeature.SORT_CREATOR_PROPERTIES_FIRST)
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
            .build();

    /** One scheduled repayment. */
    public record Instalment(Long dueEpochMillis, Long amountSats) {

        public Instalment {
            Checks.range("terms.schedule.dueEpochMillis", dueEpochMillis, 1, Long.MAX_VALUE);
            Checks.range("terms.schedule.amountSats", amountSats, 1, Checks.MAX_SATS);
        }
    }

    public LoanTerms {
        Checks.range("terms.interestBps", interestBps == null ? null : interestBps.longValue(), 0, 100_000);
        if (schedule == null || schedule.isEmpty() || schedule.size() > 360) {
            throw new IllegalArgumentException("terms.schedule must hold 1 to 360 instalments");
        }
        schedule = List.copyOf(schedule);
        if (borrowerDetails == null || borrowerDetails.isEmpty() || borrowerDetails.size() > 32) {
            throw new IllegalArgumentException("terms.borrowerDetails must hold 1 to 32 named texts");
        }
        TreeMap<String, String> sorted = new TreeMap<>();
        borrowerDetails.forEach((name, text) -> sorted.put(
                Checks.id("terms.borrowerDetails name", name, 64), Checks.text("terms.borrowerDetails." + name, text)));
        borrowerDetails = Map.copyOf(sorted);
    }

    /** The canonical JSON the contract stores and hashes. */
    public byte[] canonicalJson() {
        try {
            return CANONICAL.writeValueAsString(this).getBytes(StandardCharsets.UTF_8);
        } catch (JacksonException e) {
            throw new IllegalStateException("cannot write loan terms", e);
        }
    }

    /** The hash an offer and a lien keep as {@code termsSha256}. */
    public String sha256Hex() {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(canonicalJson()));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every JDK", e);
        }
    }
}
