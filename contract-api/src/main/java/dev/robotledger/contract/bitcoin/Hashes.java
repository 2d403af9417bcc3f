package dev.robotledger.contract.bitcoin;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** Bitcoin's double SHA-256 and its display order (hashes are shown byte-reversed). */
final class Hashes {

    static final HexFormat HEX = HexFormat.of();

    private Hashes() {}

    static byte[] sha256(byte[]... parts) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            for (byte[] part : parts) {
                sha.update(part);
            }
            return sha.digest();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK ships SHA-256", e);
        }
    }

    static byte[] doubleSha256(byte[]... parts) {
        return sha256(sha256(parts));
    }

    static byte[] reversed(byte[] bytes) {
        byte[] out = new byte[bytes.length];
        for (int i = 0; i < bytes.length; i++) {
            out[i] = bytes[bytes.length - 1 - i];
        }
        return out;
    }

    /** A hash in the order Bitcoin shows it (block explorers, RPC, lnd): reversed, lower-case hex. */
    static String display(byte[] internalOrder) {
        return HEX.formatHex(reversed(internalOrder));
    }

    /** The internal byte order of a hash shown as 64 hex characters. */
    static byte[] internal(String displayHex, String what) {
        if (displayHex == null || !displayHex.matches("[0-9a-f]{64}")) {
            throw new BitcoinFormatException(what + " must be 64 lower-case hex characters, got " + displayHex);
        }
        return reversed(HEX.parseHex(displayHex));
    }
}
