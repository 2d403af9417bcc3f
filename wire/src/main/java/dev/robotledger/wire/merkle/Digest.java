package dev.robotledger.wire.merkle;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;

/** A SHA-256 digest (32 bytes). Immutable: the bytes are copied in and out. */
public record Digest(byte[] bytes) {

    public static final int LENGTH = 32;
    private static final HexFormat HEX = HexFormat.of();

    public Digest {
        if (bytes == null || bytes.length != LENGTH) {
            throw new IllegalArgumentException(
                    "a SHA-256 digest has 32 bytes, got " + (bytes == null ? "none" : bytes.length));
        }
        bytes = bytes.clone();
    }

    @Override
    public byte[] bytes() {
        return bytes.clone();
    }

    /** Parses 64 hexadecimal characters. */
    public static Digest fromHex(String hex) {
        if (hex == null || hex.length() != 2 * LENGTH) {
            throw new IllegalArgumentException("a SHA-256 digest is 64 hex characters, got " + hex);
        }
        return new Digest(HEX.parseHex(hex));
    }

    public static Digest sha256(byte[]... parts) {
        MessageDigest sha = newSha256();
        for (byte[] part : parts) {
            sha.update(part);
        }
        return new Digest(sha.digest());
    }

    public String hex() {
        return HEX.formatHex(bytes);
    }

    static MessageDigest newSha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK ships SHA-256", e);
        }
    }

    void feed(MessageDigest sha) {
        sha.update(bytes);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Digest that && Arrays.equals(bytes, that.bytes);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(bytes);
    }

    @Override
    public String toString() {
        return hex();
    }
}
