package dev.robotledger.gateway.lightning;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.HexFormat;

/**
 * The secret whose SHA-256 is a {@link PaymentHash}. The payee reveals it when it settles; the
 * payer receives it as proof of payment. Its {@link #toString()} does not show it.
 *
 * @param hex 32 bytes, lowercase hexadecimal
 */
public record Preimage(String hex) {

    private static final SecureRandom RANDOM = new SecureRandom();

    public Preimage {
        if (hex == null || !PaymentHash.HEX_32_BYTES.matcher(hex).matches()) {
            throw new IllegalArgumentException("a preimage is 32 bytes as 64 lowercase hex digits");
        }
    }

    public static Preimage random() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return of(bytes);
    }

    public static Preimage of(byte[] bytes) {
        return new Preimage(HexFormat.of().formatHex(bytes));
    }

    public byte[] bytes() {
        return HexFormat.of().parseHex(hex);
    }

    public PaymentHash hash() {
        try {
            return PaymentHash.of(MessageDigest.getInstance("SHA-256").digest(bytes()));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }

    @Override
    public String toString() {
        return "Preimage[of " + hash().hex() + "]";
    }
}
