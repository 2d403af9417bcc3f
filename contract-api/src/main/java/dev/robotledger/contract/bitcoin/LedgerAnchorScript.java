package dev.robotledger.contract.bitcoin;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The OP_RETURN output that anchors a Fabric block in Bitcoin: {@code OP_RETURN} pushing 45 bytes,
 * {@code "RLDG"}, format version 1, the block number (8 bytes, big-endian) and the SHA-256 of the
 * block's header (32 bytes). Bitcoin nodes relay OP_RETURN outputs of up to 80 data bytes; the
 * output carries no value and is never spendable.
 *
 * @param fabricBlockNumber the anchored block's number
 * @param fabricBlockHash   its header hash, 64 lower-case hex characters
 */
public record LedgerAnchorScript(long fabricBlockNumber, String fabricBlockHash) {

    private static final byte OP_RETURN = 0x6a;
    private static final byte[] MAGIC = "RLDG".getBytes(StandardCharsets.US_ASCII);
    private static final byte VERSION = 1;
    static final int DATA_LENGTH = MAGIC.length + 1 + Long.BYTES + 32;

    public LedgerAnchorScript {
        if (fabricBlockNumber < 0) {
            throw new BitcoinFormatException("a Fabric block number is >= 0, got " + fabricBlockNumber);
        }
        if (fabricBlockHash == null || !fabricBlockHash.matches("[0-9a-f]{64}")) {
            throw new BitcoinFormatException(
                    "a Fabric block hash is 64 lower-case hex characters, got " + fabricBlockHash);
        }
    }

    /** The locking script: {@code 6a 2d 524c4447 01 <number> <hash>}. */
    public byte[] script() {
        return ByteBuffer.allocate(2 + DATA_LENGTH)
                .put(OP_RETURN)
                .put((byte) DATA_LENGTH)
                .put(MAGIC)
                .put(VERSION)
                .putLong(fabricBlockNumber)
                .put(Hashes.HEX.parseHex(fabricBlockHash))
                .array();
    }

    /** The anchor an output script carries, or empty when it is not one (another OP_RETURN, a payment). */
    public static Optional<LedgerAnchorScript> read(byte[] script) {
        if (script.length != 2 + DATA_LENGTH
                || script[0] != OP_RETURN
                || script[1] != DATA_LENGTH
                || !Arrays.equals(script, 2, 2 + MAGIC.length, MAGIC, 0, MAGIC.length)
                || script[6] != VERSION) {
            return Optional.empty();
        }
        ByteBuffer data = ByteBuffer.wrap(script, 7, Long.BYTES + 32);
        long number = data.getLong();
        byte[] hash = new byte[32];
        data.get(hash);
        return number < 0 ? Optional.empty() : Optional.of(new LedgerAnchorScript(number, Hashes.HEX.formatHex(hash)));
    }

    /** The anchors among a transaction's outputs. */
    public static List<LedgerAnchorScript> in(BitcoinTransaction transaction) {
        return transaction.outputScripts().stream()
                .map(LedgerAnchorScript::read)
                .flatMap(Optional::stream)
                .toList();
    }
}
