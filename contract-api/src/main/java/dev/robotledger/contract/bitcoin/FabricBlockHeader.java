package dev.robotledger.contract.bitcoin;

import java.io.ByteArrayOutputStream;
import java.math.BigInteger;

/**
 * A Fabric block header: its number, the previous block's header hash and the hash of its data.
 * Its hash is what the next block's {@code previousHash} holds: SHA-256 over the DER sequence
 * (INTEGER number, OCTET STRING previous hash, OCTET STRING data hash), as Fabric computes it. A
 * run of headers, each naming the hash of the one before, ties an earlier block to a later one.
 *
 * @param number       the block number
 * @param previousHash hex, empty for the genesis block
 * @param dataHash     hex
 */
public record FabricBlockHeader(long number, String previousHash, String dataHash) {

    public FabricBlockHeader {
        if (number < 0) {
            throw new BitcoinFormatException("a Fabric block number is >= 0, got " + number);
        }
        requireHex("previousHash", previousHash);
        requireHex("dataHash", dataHash);
    }

    /** The header's hash, lower-case hex. */
    public String hash() {
        ByteArrayOutputStream content = new ByteArrayOutputStream();
        der(content, 0x02, BigInteger.valueOf(number).toByteArray());
        der(content, 0x04, Hashes.HEX.parseHex(previousHash));
        der(content, 0x04, Hashes.HEX.parseHex(dataHash));
        ByteArrayOutputStream sequence = new ByteArrayOutputStream();
        der(sequence, 0x30, content.toByteArray());
        return Hashes.HEX.formatHex(Hashes.sha256(sequence.toByteArray()));
    }

    private static void der(ByteArrayOutputStream out, int tag, byte[] value) {
        out.write(tag);
        if (value.length < 0x80) {
            out.write(value.length);
        } else {
            byte[] length = BigInteger.valueOf(value.length).toByteArray();
            int skip = length[0] == 0 ? 1 : 0;
            out.write(0x80 | (length.length - skip));
            out.write(length, skip, length.length - skip);
        }
        out.writeBytes(value);
    }

    private static void requireHex(String field, String value) {
        if (value == null || value.length() % 2 != 0 || !value.matches("[0-9a-f]*") || value.length() > 128) {
            throw new BitcoinFormatException(
                    "a Fabric block header's " + field + " is at most 64 bytes of lower-case hex, got " + value);
        }
    }
}
