package dev.robotledger.contract.bitcoin;

import java.math.BigInteger;
import java.util.Arrays;

/**
 * An 80-byte Bitcoin block header: what a verifier gets from any Bitcoin node
 * ({@code btcctl getblockheader <hash> false}, {@code bitcoin-cli getblockheader <hash> false}) to
 * check an anchor without trusting whoever issued it.
 */
public final class BitcoinHeader {

    public static final int LENGTH = 80;

    private final byte[] bytes;

    private BitcoinHeader(byte[] bytes) {
        this.bytes = bytes;
    }

    public static BitcoinHeader of(byte[] bytes) {
        if (bytes == null || bytes.length != LENGTH) {
            throw new BitcoinFormatException(
                    "a Bitcoin block header has 80 bytes, got " + (bytes == null ? "none" : bytes.length));
        }
        return new BitcoinHeader(bytes.clone());
    }

    /** 160 hex characters, as {@code getblockheader <hash> false} prints them. */
    public static BitcoinHeader fromHex(String hex) {
        if (hex == null || !hex.matches("[0-9a-fA-F]{160}")) {
            throw new BitcoinFormatException("a Bitcoin block header is 160 hex characters, got "
                    + (hex == null ? "none" : hex.length() + " characters"));
        }
        return of(Hashes.HEX.parseHex(hex.toLowerCase()));
    }

    public byte[] bytes() {
        return bytes.clone();
    }

    public String hex() {
        return Hashes.HEX.formatHex(bytes);
    }

    /** The block hash as Bitcoin shows it. */
    public String blockHash() {
        return Hashes.display(Hashes.doubleSha256(bytes));
    }

    /** The previous block's hash as Bitcoin shows it. */
    public String previousBlockHash() {
        return Hashes.display(Arrays.copyOfRange(bytes, 4, 36));
    }

    /** The root of the block's transaction ids, as Bitcoin shows it. */
    public String merkleRoot() {
        return Hashes.display(Arrays.copyOfRange(bytes, 36, 68));
    }

    /** The miner's timestamp, epoch seconds. */
    public long time() {
        return uint32At(68);
    }

    /**
     * Whether the header's hash is at or below the target its own {@code bits} field states: the
     * work a miner did for it (on regtest the target is trivially easy, on mainnet it is not).
     */
    public boolean meetsItsTarget() {
        long bits = uint32At(72);
        int exponent = (int) (bits >>> 24);
        BigInteger mantissa = BigInteger.valueOf(bits & 0x007fffffL);
        if ((bits & 0x00800000L) != 0 || mantissa.signum() == 0) {
            return false;
        }
        BigInteger target =
                exponent <= 3 ? mantissa.shiftRight(8 * (3 - exponent)) : mantissa.shiftLeft(8 * (exponent - 3));
        BigInteger hash = new BigInteger(1, Hashes.reversed(Hashes.doubleSha256(bytes)));
        return hash.compareTo(target) <= 0;
    }

    private long uint32At(int offset) {
        return (bytes[offset] & 0xffL)
                | (bytes[offset + 1] & 0xffL) << 8
                | (bytes[offset + 2] & 0xffL) << 16
                | (bytes[offset + 3] & 0xffL) << 24;
    }
}
