package dev.robotledger.gateway.lightning;

import java.util.HexFormat;
import java.util.regex.Pattern;

/**
 * The SHA-256 hash that identifies a Lightning payment: the invoice carries it, and only the
 * holder of the matching {@link Preimage} can settle it.
 *
 * @param hex 32 bytes, lowercase hexadecimal
 */
public record PaymentHash(String hex) {

    static final Pattern HEX_32_BYTES = Pattern.compile("[0-9a-f]{64}");

    public PaymentHash {
        if (hex == null || !HEX_32_BYTES.matcher(hex).matches()) {
            throw new IllegalArgumentException(
                    "a payment hash is 32 bytes as 64 lowercase hex digits, was '" + hex + "'");
        }
    }

    public static PaymentHash of(byte[] bytes) {
        return new PaymentHash(HexFormat.of().formatHex(bytes));
    }

    public byte[] bytes() {
        return HexFormat.of().parseHex(hex);
    }
}
