package dev.robotledger.contract;

import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A serialised GS1 trade item (SGTIN): a GTIN-14 and a serial number (GS1 application
 * identifiers 01 and 21), with the length of the GS1 company prefix inside the GTIN, which the
 * EPC URI needs. Its pure-identity EPC URI ({@code urn:epc:id:sgtin:CompanyPrefix.ItemRef.Serial},
 * GS1 Tag Data Standard) is the good's ledger id; its GS1 Digital Link path
 * ({@code /01/<gtin>/21/<serial>}) is what a QR code on the product carries.
 *
 * <pre>{@code
 * Sgtin item = Sgtin.of("09506000134352", "robot-001.17", 7);
 * item.epcUri();          // urn:epc:id:sgtin:9506000.013435.robot-001.17
 * item.digitalLinkPath(); // /01/09506000134352/21/robot-001.17
 * }</pre>
 *
 * <p>The check digit is GS1's mod-10 (General Specifications 7.9.1): a few lines, so the contract
 * API keeps no dependency.
 */
public record Sgtin(String gtin, String serial, int companyPrefixLength) {

    public static final int MIN_COMPANY_PREFIX_LENGTH = 6;
    public static final int MAX_COMPANY_PREFIX_LENGTH = 12;
    /** Serial numbers (AI 21) and lot numbers (AI 10): at most 20 characters. */
    public static final int MAX_SERIAL_LENGTH = 20;

    private static final String EPC_PREFIX = "urn:epc:id:sgtin:";
    private static final Pattern EPC_URI = Pattern.compile("urn:epc:id:sgtin:(\\d{6,12})\\.(\\d{1,7})\\.(.+)");
    // GS1 AI encodable character set 82 (General Specifications 7.11, figure 7.11-1).
    private static final String CHARACTER_SET_82 =
            "!\"%&'()*+,-./0123456789:;<=>?ABCDEFGHIJKLMNOPQRSTUVWXYZ_abcdefghijklmnopqrstuvwxyz";
    // Characters of set 82 that an EPC URI escapes (Tag Data Standard, table of URI escapes).
    private static final String EPC_ESCAPED = "\"%&/<>?";
    private static final char[] HEX = "0123456789ABCDEF".toCharArray();

    public Sgtin {
        gtinProblem("gtin", gtin).ifPresent(problem -> {
            throw new IllegalArgumentException(problem);
        });
        aiTextProblem("serial", serial).ifPresent(problem -> {
            throw new IllegalArgumentException(problem);
        });
        if (companyPrefixLength < MIN_COMPANY_PREFIX_LENGTH || companyPrefixLength > MAX_COMPANY_PREFIX_LENGTH) {
            throw new IllegalArgumentException("a GS1 company prefix has 6 to 12 digits, not " + companyPrefixLength);
        }
    }

    public static Sgtin of(String gtin, String serial, int companyPrefixLength) {
        return new Sgtin(gtin, serial, companyPrefixLength);
    }

    /**
     * The GTIN-14 of a company prefix, an item reference (with its indicator digit first, as the
     * EPC URI writes it) and the check digit computed for them.
     */
    public static String gtin(String companyPrefix, String indicatorAndItemReference) {
        String digits = indicatorAndItemReference.charAt(0) + companyPrefix + indicatorAndItemReference.substring(1);
        if (digits.length() != 13 || !digits.chars().allMatch(Character::isDigit)) {
            throw new IllegalArgumentException("company prefix " + companyPrefix + " and item reference "
                    + indicatorAndItemReference + " must be 13 digits together, not '" + digits + "'");
        }
        return digits + checkDigit(digits);
    }

    /** The GS1 mod-10 check digit of {@code digits} (every digit but the check digit). */
    public static int checkDigit(String digits) {
        int sum = 0;
        for (int i = 0; i < digits.length(); i++) {
            int digit = digits.charAt(digits.length() - 1 - i) - '0';
            sum += i % 2 == 0 ? 3 * digit : digit;
        }
        return (10 - sum % 10) % 10;
    }

    /** A GTIN-14: 14 digits whose last is the check digit of the others. */
    public static Optional<String> gtinProblem(String field, String value) {
        if (value == null || value.isEmpty()) {
            return Optional.of(field + " is missing");
        }
        if (value.length() != 14 || !value.chars().allMatch(c -> c >= '0' && c <= '9')) {
            return Optional.of(field + " '" + FieldRules.printable(value) + "' is not a GTIN-14 (14 digits; pad a"
                    + " GTIN-8, -12 or -13 with leading zeros)");
        }
        int expected = checkDigit(value.substring(0, 13));
        if (value.charAt(13) - '0' != expected) {
            return Optional.of(field + " " + value + " has check digit " + value.charAt(13) + "; GS1's mod-10 check"
                    + " digit of " + value.substring(0, 13) + " is " + expected);
        }
        return Optional.empty();
    }

    /** A serial (AI 21) or lot number (AI 10): 1 to 20 characters of GS1's character set 82. */
    public static Optional<String> aiTextProblem(String field, String value) {
        if (value == null || value.isEmpty()) {
            return Optional.of(field + " is missing");
        }
        if (value.length() > MAX_SERIAL_LENGTH) {
            return Optional.of(field + " '" + FieldRules.printable(value) + "' is longer than " + MAX_SERIAL_LENGTH
                    + " characters");
        }
        for (int i = 0; i < value.length(); i++) {
            if (CHARACTER_SET_82.indexOf(value.charAt(i)) < 0) {
                return Optional.of(field + " '" + FieldRules.printable(value) + "' contains '"
                        + FieldRules.printable(String.valueOf(value.charAt(i)))
                        + "', which is not in GS1's character set 82 (A-Z a-z 0-9 and !\"%&'()*+,-./:;<=>?_)");
            }
        }
        return Optional.empty();
    }

    /**
     * The contract's rule for a produced good's GS1 identity: a good with a GTIN, serial or lot, or
     * whose id is an SGTIN EPC URI, carries a valid GTIN-14, serial and (optional) lot, and its id
     * is the EPC URI of that GTIN and serial. Answers the problem, or empty.
     */
    public static Optional<String> identityProblem(String goodId, String gtin, String serial, String lot) {
        if (gtin == null && serial == null && lot == null && !isEpcUri(goodId)) {
            return Optional.empty();
        }
        Optional<String> keyProblem = gtinProblem("gtin", gtin)
                .or(() -> aiTextProblem("serial", serial))
                .or(() -> lot == null ? Optional.empty() : aiTextProblem("lot", lot));
        if (keyProblem.isPresent()) {
            return keyProblem;
        }
        Optional<Sgtin> named = fromEpcUri(goodId);
        if (named.isEmpty()) {
            return Optional.of("goodId '" + FieldRules.printable(goodId) + "' of GTIN " + gtin + " serial "
                    + FieldRules.printable(serial) + " is not an SGTIN EPC URI (urn:epc:id:sgtin:<company prefix>."
                    + "<indicator and item reference>.<serial, URI-escaped>)");
        }
        if (!named.get().gtin().equals(gtin) || !named.get().serial().equals(serial)) {
            return Optional.of("goodId " + goodId + " names GTIN " + named.get().gtin() + " serial "
                    + FieldRules.printable(named.get().serial()) + ", not the good's GTIN " + gtin + " serial "
                    + FieldRules.printable(serial));
        }
        return Optional.empty();
    }

    /** Whether a good id is written as an SGTIN EPC URI. */
    public static boolean isEpcUri(String goodId) {
        return goodId != null && goodId.startsWith(EPC_PREFIX);
    }

    /** The SGTIN an EPC URI names, or empty when it is not one (wrong form, digits or escapes). */
    public static Optional<Sgtin> fromEpcUri(String uri) {
        Matcher matcher = EPC_URI.matcher(uri);
        if (!matcher.matches() || matcher.group(1).length() + matcher.group(2).length() != 13) {
            return Optional.empty();
        }
        Optional<String> serial = unescape(matcher.group(3));
        if (serial.isEmpty() || aiTextProblem("serial", serial.get()).isPresent()) {
            return Optional.empty();
        }
        String gtin = gtin(matcher.group(1), matcher.group(2));
        Sgtin sgtin = new Sgtin(gtin, serial.get(), matcher.group(1).length());
        return sgtin.epcUri().equals(uri) ? Optional.of(sgtin) : Optional.empty();
    }

    public String companyPrefix() {
        return gtin.substring(1, 1 + companyPrefixLength);
    }

    /** The pure-identity EPC URI: {@code urn:epc:id:sgtin:CompanyPrefix.IndicatorItemRef.Serial}. */
    public String epcUri() {
        String itemReference = gtin.charAt(0) + gtin.substring(1 + companyPrefixLength, 13);
        StringBuilder uri = new StringBuilder(EPC_PREFIX)
                .append(companyPrefix())
                .append('.')
                .append(itemReference)
                .append('.');
        for (char c : serial.toCharArray()) {
            if (EPC_ESCAPED.indexOf(c) >= 0) {
                uri.append('%').append(HEX[c >> 4]).append(HEX[c & 0xf]);
            } else {
                uri.append(c);
            }
        }
        return uri.toString();
    }

    /** The GS1 Digital Link path {@code /01/<gtin>/21/<serial>}, the serial percent-encoded. */
    public String digitalLinkPath() {
        StringBuilder path = new StringBuilder("/01/").append(gtin).append("/21/");
        for (byte b : serial.getBytes(StandardCharsets.US_ASCII)) {
            char c = (char) b;
            if (Character.isLetterOrDigit(c) || c == '-' || c == '.' || c == '_') {
                path.append(c);
            } else {
                path.append('%').append(HEX[c >> 4]).append(HEX[c & 0xf]);
            }
        }
        return path.toString();
    }

    private static Optional<String> unescape(String text) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c != '%') {
                out.append(c);
                continue;
            }
            if (i + 2 >= text.length()) {
                return Optional.empty();
            }
            int high = Character.digit(text.charAt(i + 1), 16);
            int low = Character.digit(text.charAt(i + 2), 16);
            if (high < 0 || low < 0) {
                return Optional.empty();
            }
            out.append((char) (high * 16 + low));
            i += 2;
        }
        return Optional.of(out.toString());
    }
}
